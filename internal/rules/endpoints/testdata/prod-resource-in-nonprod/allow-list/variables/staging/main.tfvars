# Staging's own account, which production's allow-list names.
certificate_arn = "arn:aws:acm:eu-west-1:719264830517:certificate/0a1b2c3d"
# Production's own account, which production names alone.
deploy_role_arn = "arn:aws:iam::483920175264:role/deployer" # want "production AWS account 483920175264"
