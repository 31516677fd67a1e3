reports_bucket = "acme-reports-dev"
restore_bucket = "acme-production-backups" # want "production bucket acme-production-backups"
logs_bucket    = true
