# Every environment calls the platform's API alike.
api_url      = "https://api.fr.cloud.gov"
app_url      = "https://notify-staging.app.cloud.gov"
# Production's own app on the platform is production's.
callback_url = "https://notify.app.cloud.gov/callback" # want "production host notify.app.cloud.gov"
