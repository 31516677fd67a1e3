reports_bucket = "acme-reports-eu"
restore_bucket = "acme-production-backups"
logs_bucket    = true
