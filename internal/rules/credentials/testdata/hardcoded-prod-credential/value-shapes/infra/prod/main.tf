variable "db" {
  # A type constraint names types, and a description is prose.
  type = object({
    password = string
    api_key  = string
  })
  description = "password and api_key of the database"
  default = {
    password = "Tf-Default-Pw-91" # want "password is a literal credential in production"
    api_key  = var.fallback_key
  }
}

resource "aws_db_instance" "main" {
  # Expressions refer to values; they never are one.
  password        = random_password.db.result
  master_password = aws_secretsmanager_secret_version.db.secret_string
  fetch_password  = length(var.password) > 0 ? true : false
  kms_key_id      = "Pr0d-Tf-Literal-88"
  auth_token      = "Pr0d-Tf-Literal-88" # want "auth_token is a literal credential in production"
}

output "access_key_secret" {
  description = "the secret of the CI user"
  value       = aws_iam_access_key.ci.secret
}

resource "helm_release" "loki" {
  # A call that builds values from other resources names no literal.
  values = [yamlencode({ auth = { password = random_password.loki.result, user = "loki" } })]
  set_sensitive {
    name  = "relayToken"
    value = sdm_node.gateway.token
  }
}

resource "helm_release" "grafana" {
  # A literal inside the call is still a literal.
  values = [yamlencode({ adminPassword = "Gr4fana-Literal-57" })] # want "adminPassword is a literal credential in production"
}

locals {
  # A format() builds a parameter path out of pieces: none is a value.
  admin_password_key = format("%s/%s/%s", local.ssm_prefix, "admin", "password")
  db_password_path   = format(var.path_format, "users", local.user, "Zq-Piece-Not-A-Pw-2")
  # A conditional's objects are read like any object.
  auth = var.enabled ? { password = random_password.x.result } : { password = "Cond-Literal-Pw-64" } # want "password is a literal credential in production"
}
