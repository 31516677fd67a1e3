terraform {
  backend "s3" {
    # One state bucket for every environment, separated by key: platform.
    bucket = "acme-terraform-state"
    key    = "development/terraform.tfstate"
  }
}
