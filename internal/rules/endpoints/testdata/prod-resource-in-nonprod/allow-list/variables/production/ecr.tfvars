# Production lets every environment's account pull its images: an
# allow-list names accounts, it does not make them production's.
puller_arns = [
  "arn:aws:iam::483920175264:root", # production
  "arn:aws:iam::719264830517:root", # staging
  "arn:aws:iam::306518274963:root", # integration
]
account_id = "483920175264"
