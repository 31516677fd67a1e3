# Used by production and staging only: production's.
reports_bucket = "acme-reports-eu" # want "production bucket acme-reports-eu"
# Named for production: production's however many environments read it.
restore_bucket = "acme-production-backups" # want "production bucket acme-production-backups"
# A flag, not a bucket.
logs_bucket = true
