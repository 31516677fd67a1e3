provider "aws" {
  region = "eu-west-1"
  # want +1 @14 "profile in staging uses production AWS profile acme-prod \(name \"acme-prod\" has token \"prod\"\)"
  profile = "acme-prod"
}
