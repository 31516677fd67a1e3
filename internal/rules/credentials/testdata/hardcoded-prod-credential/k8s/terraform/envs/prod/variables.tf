variable "db_password" {
  type    = string
  default = "Tf-prod-default-55" # want "db_password is a literal credential in production config"
}

variable "region" {
  default = "eu-west-1"
}

variable "api_token" {
  type      = string
  sensitive = true
}
