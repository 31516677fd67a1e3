api_url      = "https://api.fr.cloud.gov"
app_url      = "https://notify.app.cloud.gov"
