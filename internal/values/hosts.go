package values

import (
	"net/netip"
	"strings"
)

// IsLocalHost reports hosts that only exist on a developer's machine or in
// a compose network: localhost, loopback, host.docker.internal, *.local,
// *.localhost, *.test, SQL Server's (local) and ".", and single-label
// service names such as db or redis.
func IsLocalHost(host string) bool {
	h := strings.ToLower(strings.Trim(host, "[]"))
	switch h {
	case "localhost", "0.0.0.0", "::", "::1", "host.docker.internal", "gateway.docker.internal", "(local)", ".", "127.0.0.1":
		return true
	}
	if strings.HasPrefix(h, "(localdb)") {
		return true
	}
	if strings.HasSuffix(h, ".svc.cluster.local") {
		return false // a Kubernetes service: the cluster's, not a laptop's
	}
	for _, suffix := range []string{".localhost", ".local", ".test", ".internal.localhost", ".lan.localhost"} {
		if strings.HasSuffix(h, suffix) {
			return true
		}
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.IsLoopback() || ip.IsUnspecified()
	}
	return !strings.Contains(h, ".") // a compose or Kubernetes short service name
}

// IsReservedExample reports documentation hosts: example.com/.net/.org,
// *.example, *.invalid, and the RFC 5737 / RFC 3849 documentation ranges.
func IsReservedExample(host string) bool {
	h := strings.ToLower(host)
	for _, d := range []string{"example.com", "example.net", "example.org"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	if strings.HasSuffix(h, ".example") || strings.HasSuffix(h, ".invalid") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
	if err != nil {
		return false
	}
	for _, p := range docPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

var docPrefixes = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32"),
}

var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// IsPrivateIP reports RFC 1918, RFC 6598, link-local and ULA addresses:
// the organisation's own network.
func IsPrivateIP(host string) bool {
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil {
		return false
	}
	return ip.IsPrivate() || ip.IsLinkLocalUnicast() || sharedAddressSpace.Contains(ip)
}

// managedDataSuffixes are hosts of managed databases, caches and queues:
// each one is a specific instance of the organisation's.
var managedDataSuffixes = []string{
	".rds.amazonaws.com", ".cache.amazonaws.com", ".memorydb.amazonaws.com", ".docdb.amazonaws.com",
	".redshift.amazonaws.com", ".es.amazonaws.com", ".mq.amazonaws.com", ".kafka.amazonaws.com",
	".database.windows.net", ".postgres.database.azure.com", ".mysql.database.azure.com", ".redis.cache.windows.net",
	".servicebus.windows.net", ".documents.azure.com", ".mongo.cosmos.azure.com", ".mongodb.net",
	".supabase.co", ".neon.tech", ".psdb.cloud", ".upstash.io", ".aivencloud.com", ".cockroachlabs.cloud",
	".elastic-cloud.com", ".cloud.es.io", ".redis-cloud.com", ".redislabs.com", ".sql.goog",
}

// IsManagedDataHost reports a managed database, cache or queue host.
func IsManagedDataHost(host string) bool {
	h := strings.ToLower(host)
	if strings.HasPrefix(h, "ec2-") && strings.HasSuffix(h, ".amazonaws.com") {
		return true // Heroku Postgres and friends
	}
	for _, s := range managedDataSuffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// publicServices are third-party hosts that every environment of every
// customer uses: they are never one environment's endpoint.
var publicServices = []string{
	"api.stripe.com", "js.stripe.com", "smtp.sendgrid.net", "api.sendgrid.com", "github.com", "api.github.com",
	"raw.githubusercontent.com", "objects.githubusercontent.com", "ghcr.io", "gitlab.com", "bitbucket.org",
	"hooks.slack.com", "slack.com", "api.twilio.com", "api.mailgun.net", "smtp.mailgun.org", "api.postmarkapp.com",
	"smtp.postmarkapp.com", "login.microsoftonline.com", "graph.microsoft.com", "accounts.google.com",
	"oauth2.googleapis.com", "www.googleapis.com", "fonts.googleapis.com", "maps.googleapis.com", "sentry.io",
	"registry.npmjs.org", "pypi.org", "proxy.golang.org", "docker.io", "registry-1.docker.io", "hub.docker.com",
	"quay.io", "gcr.io", "api.openai.com", "api.anthropic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com",
	"api.segment.io", "api.mixpanel.com", "api.amplitude.com", "www.google-analytics.com", "api.pagerduty.com",
	"events.pagerduty.com", "api.datadoghq.com", "api.datadoghq.eu", "intake.logs.datadoghq.com", "api.honeycomb.io",
	"api.sendinblue.com", "smtp.office365.com", "smtp.gmail.com", "api.cloudflare.com", "api.heroku.com",
	"api.vercel.com", "api.netlify.com", "api.paypal.com", "api-m.paypal.com", "api.braintreegateway.com",
	"api.razorpay.com", "api.mollie.com", "api.checkout.com", "api.plaid.com", "connect.squareup.com",
	"api.gocardless.com", "api.paddle.com", "api.coinbase.com", "login.salesforce.com", "test.salesforce.com",
}

// publicServiceSuffixes cover provider-wide domains.
var publicServiceSuffixes = []string{
	".ingest.sentry.io", ".amazonaws.com.cn", ".githubusercontent.com", ".googleapis.com", ".gstatic.com",
	".cloudfront.net", ".akamaihd.net", ".fastly.net",
}

// IsPublicService reports a public third-party service host used by every
// environment. Organisation-specific hosts under a provider domain
// (a bucket, a database) are not public services.
func IsPublicService(host string) bool {
	h := strings.ToLower(host)
	for _, s := range publicServices {
		if h == s {
			return true
		}
	}
	if IsManagedDataHost(h) {
		return false
	}
	for _, s := range publicServiceSuffixes {
		if strings.HasSuffix(h, s) {
			return !strings.HasPrefix(h, "storage.") || h == "storage.googleapis.com"
		}
	}
	return false
}

// IsInternalDomain reports names that only resolve inside an organisation:
// *.internal, *.corp, *.lan, *.intranet, *.home.arpa, Kubernetes service
// names and Consul names.
func IsInternalDomain(host string) bool {
	h := strings.ToLower(host)
	for _, s := range []string{".internal", ".corp", ".lan", ".intranet", ".home.arpa", ".svc.cluster.local", ".svc", ".consul", ".private", ".priv"} {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}
