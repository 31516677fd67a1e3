package values

import (
	"net/netip"
	"strings"
)

// Host facts answer what kind of machine a host name or address is. Each
// takes a host as Endpoint.Host gives it (any case, brackets allowed) and
// matches whole labels: "notexample.com" is not example.com.

// localNames are hosts that only exist on a developer's machine or in a
// compose network.
var localNames = map[string]bool{
	"localhost": true, "localhost.localdomain": true, "ip6-localhost": true, "ip6-loopback": true,
	"host.docker.internal": true, "gateway.docker.internal": true, "kubernetes.docker.internal": true,
	"host.containers.internal": true, "host.lima.internal": true, "(local)": true, ".": true,
}

// localSuffixes are domains that resolve to the developer's machine.
var localSuffixes = []string{".localhost", ".local", ".test", ".docker.internal", ".lvh.me", ".localtest.me"}

// IsLocalHost reports hosts that only exist on a developer's machine or in
// a compose network: localhost, 127/8, ::1, 0.0.0.0, host.docker.internal,
// *.localhost, *.local, *.test, SQL Server's (local), "." and
// (localdb)\…, and single-label service names such as db, postgres or
// redis. Kubernetes names (*.cluster.local) are the cluster's, not local.
func IsLocalHost(host string) bool {
	h := normalHost(host)
	if localNames[h] || strings.HasPrefix(h, "(localdb)") {
		return true
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.IsLoopback() || ip.IsUnspecified()
	}
	if strings.HasSuffix(h, ".cluster.local") {
		return false
	}
	if hasDomainSuffix(h, localSuffixes) {
		return true
	}
	return h != "" && !strings.Contains(h, ".") // a compose or Kubernetes short service name
}

// IsReservedExample reports documentation hosts: example.com, example.net,
// example.org and their subdomains, *.example, *.invalid, and the RFC 5737
// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and RFC 3849
// (2001:db8::/32) documentation ranges.
func IsReservedExample(host string) bool {
	h := normalHost(host)
	if isDomainOrSub(h, "example.com") || isDomainOrSub(h, "example.net") || isDomainOrSub(h, "example.org") ||
		isDomainOrSub(h, "example") || isDomainOrSub(h, "invalid") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && inPrefixes(ip, docPrefixes)
}

var docPrefixes = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32"),
}

// sharedAddressSpace is RFC 6598 carrier-grade NAT space, used inside
// organisations (and by Kubernetes and Tailscale) like RFC 1918 space.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// IsPrivateIP reports RFC 1918, RFC 6598, link-local and unique local
// (fc00::/7) addresses: the organisation's own network.
func IsPrivateIP(host string) bool {
	ip, err := netip.ParseAddr(normalHost(host))
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	return ip.IsPrivate() || ip.IsLinkLocalUnicast() || sharedAddressSpace.Contains(ip)
}

// managedDataSuffixes are hosts of managed databases, caches, queues and
// storage accounts: each name is one instance of the organisation's.
var managedDataSuffixes = []string{
	// AWS
	".rds.amazonaws.com", ".cache.amazonaws.com", ".memorydb.amazonaws.com", ".docdb.amazonaws.com",
	".docdb-elastic.amazonaws.com", ".redshift.amazonaws.com", ".redshift-serverless.amazonaws.com",
	".es.amazonaws.com", ".aoss.amazonaws.com", ".neptune.amazonaws.com",
	// Azure
	".database.windows.net", ".postgres.database.azure.com", ".mysql.database.azure.com",
	".mariadb.database.azure.com", ".redis.cache.windows.net", ".redisenterprise.cache.azure.net",
	".servicebus.windows.net", ".documents.azure.com", ".cosmos.azure.com", ".core.windows.net",
	// Google Cloud (Cloud SQL private service connect names)
	".sql.goog", ".alloydb.goog",
	// Database and queue services
	".mongodb.net", ".supabase.co", ".pooler.supabase.com", ".neon.tech", ".psdb.cloud", ".upstash.io",
	".aivencloud.com", ".cockroachlabs.cloud", ".elastic-cloud.com", ".cloud.es.io", ".redis-cloud.com",
	".redislabs.com", ".db.ondigitalocean.com", ".cloudamqp.com", ".confluent.cloud",
	".tsdb.cloud.timescale.com", ".xata.sh", ".turso.io", ".elephantsql.com", ".rlwy.net",
	"-postgres.render.com", ".svc.singlestore.com", ".clickhouse.cloud",
}

// regionalDataServices are AWS services whose instance hosts put the
// service before the region: <name>.<id>.memorydb.<region>.amazonaws.com,
// b-1.<cluster>.kafka.<region>.amazonaws.com, b-<id>.mq.<region>.amazonaws.com.
var regionalDataServices = map[string]bool{"memorydb": true, "kafka": true, "kafka-serverless": true, "mq": true, "dax-clusters": true}

// IsManagedDataHost reports a managed database, cache, queue or storage
// host: *.rds.amazonaws.com, *.cache.amazonaws.com (ElastiCache),
// MemoryDB, *.database.windows.net, *.postgres.database.azure.com,
// *.redis.cache.windows.net, *.servicebus.windows.net,
// *.documents.azure.com, *.mongodb.net, Heroku's ec2-*.compute-1.amazonaws.com,
// Cloud SQL, Upstash, Supabase, Neon, PlanetScale and others (the list is
// managedDataSuffixes).
func IsManagedDataHost(host string) bool {
	h := normalHost(host)
	if rest, ok := strings.CutSuffix(h, ".amazonaws.com"); ok {
		if strings.HasPrefix(h, "ec2-") {
			return true // Heroku Postgres and friends
		}
		labels := strings.Split(rest, ".")
		if n := len(labels); n >= 3 && regionalDataServices[labels[n-2]] {
			return true
		}
	}
	for _, s := range managedDataSuffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// publicServices are third-party hosts that every environment of every
// customer uses: never one environment's endpoint. Provider endpoints whose
// host carries a mode (api-m.paypal.com) are in providers.go as well.
var publicServices = map[string]bool{
	// Payments
	"api.stripe.com": true, "js.stripe.com": true, "files.stripe.com": true, "hooks.stripe.com": true,
	"checkout.stripe.com": true, "connect.stripe.com": true, "api.paypal.com": true, "api-m.paypal.com": true,
	"api.braintreegateway.com": true, "api.razorpay.com": true, "api.mollie.com": true, "api.checkout.com": true,
	"api.plaid.com": true, "connect.squareup.com": true, "api.gocardless.com": true, "api.paddle.com": true,
	"api.coinbase.com": true, "api.paystack.co": true, "api.flutterwave.com": true, "api.lemonsqueezy.com": true,
	// Messaging and e-mail
	"smtp.sendgrid.net": true, "api.sendgrid.com": true, "hooks.slack.com": true, "slack.com": true,
	"api.slack.com": true, "api.twilio.com": true, "api.mailgun.net": true, "api.eu.mailgun.net": true,
	"smtp.mailgun.org": true, "api.postmarkapp.com": true, "smtp.postmarkapp.com": true, "api.sendinblue.com": true,
	"api.brevo.com": true, "smtp-relay.brevo.com": true, "smtp-relay.sendinblue.com": true, "api.resend.com": true,
	"smtp.resend.com": true, "smtp.sparkpostmail.com": true, "api.sparkpost.com": true, "in-v3.mailjet.com": true,
	"api.mailjet.com": true, "smtp.mandrillapp.com": true, "smtp.office365.com": true, "smtp.gmail.com": true,
	"discord.com": true, "api.telegram.org": true,
	// Code hosting and registries
	"github.com": true, "api.github.com": true, "uploads.github.com": true, "ghcr.io": true, "gitlab.com": true,
	"bitbucket.org": true, "api.bitbucket.org": true, "registry.npmjs.org": true, "registry.yarnpkg.com": true,
	"pypi.org": true, "files.pythonhosted.org": true, "proxy.golang.org": true, "sum.golang.org": true,
	"docker.io": true, "registry-1.docker.io": true, "index.docker.io": true, "hub.docker.com": true,
	"quay.io": true, "gcr.io": true, "rubygems.org": true, "repo.maven.apache.org": true, "repo1.maven.org": true,
	"cdn.jsdelivr.net": true, "unpkg.com": true, "cdnjs.cloudflare.com": true,
	// Identity
	"login.microsoftonline.com": true, "login.windows.net": true, "graph.microsoft.com": true,
	"management.azure.com": true, "accounts.google.com": true, "login.salesforce.com": true,
	"test.salesforce.com": true, "appleid.apple.com": true, "api.twitter.com": true, "api.x.com": true,
	"graph.facebook.com": true, "api.linkedin.com": true,
	// Observability, analytics, AI and platform APIs
	"sentry.io": true, "api.openai.com": true, "api.anthropic.com": true, "api.mistral.ai": true,
	"api.cohere.ai": true, "api.groq.com": true, "api.segment.io": true, "api.mixpanel.com": true,
	"api.amplitude.com": true, "www.google-analytics.com": true, "api.pagerduty.com": true,
	"events.pagerduty.com": true, "api.datadoghq.com": true, "api.datadoghq.eu": true,
	"intake.logs.datadoghq.com": true, "api.honeycomb.io": true, "api.newrelic.com": true,
	"api.rollbar.com": true, "api.bugsnag.com": true, "notify.bugsnag.com": true, "sessions.bugsnag.com": true,
	"plausible.io": true, "api.cloudflare.com": true, "api.heroku.com": true, "api.vercel.com": true,
	"api.netlify.com": true, "api.digitalocean.com": true, "api.linode.com": true, "api.hetzner.cloud": true,
	"api.fastly.com": true, "api.notion.com": true, "api.airtable.com": true, "api.atlassian.com": true,
	"auth.atlassian.com": true, "api.intercom.io": true, "api.hubapi.com": true, "api.mapbox.com": true,
}

// publicServiceSuffixes cover provider-wide domains whose every host is
// shared: Google APIs, Sentry ingest, CDNs.
var publicServiceSuffixes = []string{
	".googleapis.com", ".gstatic.com", ".ingest.sentry.io", ".ingest.us.sentry.io", ".ingest.de.sentry.io",
	".githubusercontent.com", ".cloudfront.net", ".akamaihd.net", ".fastly.net", ".api.mailchimp.com",
	".launchdarkly.com", ".posthog.com", ".nr-data.net", ".datadoghq.com", ".datadoghq.eu",
}

// awsServiceEndpoints are first labels of AWS's shared regional endpoints
// (sqs.eu-west-1.amazonaws.com, sts.amazonaws.com): public services. Names
// with more labels (a bucket, a database, an ECR registry) are not.
var awsServiceEndpoints = map[string]bool{
	"s3": true, "sqs": true, "sns": true, "sts": true, "ssm": true, "secretsmanager": true, "kms": true,
	"logs": true, "monitoring": true, "lambda": true, "email": true, "email-smtp": true, "dynamodb": true,
	"kinesis": true, "events": true, "states": true, "cognito-idp": true, "ec2": true, "iam": true,
	"route53": true, "cloudformation": true, "athena": true, "glue": true, "firehose": true, "ecs": true,
	"eks": true, "bedrock-runtime": true, "bedrock": true, "xray": true, "textract": true,
}

// IsPublicService reports a public third-party service host that every
// environment uses (the lists above are data; extend them there).
// Organisation-specific names under a provider's domain are not public
// services: a bucket (b.s3.amazonaws.com, b.storage.googleapis.com), a
// managed database, a Firebase or Cloud Run project. storage.googleapis.com
// itself is public; the bucket in its path is a cloud resource (see
// Resources).
func IsPublicService(host string) bool {
	h := normalHost(host)
	if publicServices[h] {
		return true
	}
	if IsManagedDataHost(h) || strings.HasSuffix(h, ".storage.googleapis.com") {
		return false
	}
	if hasDomainSuffix(h, publicServiceSuffixes) {
		return true
	}
	return isAWSServiceEndpoint(h)
}

// isAWSServiceEndpoint reports <service>[.dualstack|.fips][.<region>].amazonaws.com
// and <service>-fips.<region>.amazonaws.com: the provider's own endpoints,
// which every account and environment in a region calls alike.
func isAWSServiceEndpoint(h string) bool {
	rest, ok := strings.CutSuffix(h, ".amazonaws.com")
	if !ok {
		return false
	}
	rest = strings.Replace(rest, ".dualstack.", ".", 1)
	rest = strings.Replace(rest, ".fips.", ".", 1)
	if service, region, found := strings.Cut(rest, "-fips."); found {
		rest = service + "." + region
	}
	labels := strings.Split(rest, ".")
	if len(labels) > 2 || len(labels) == 2 && strings.Count(labels[1], "-") < 2 {
		return false
	}
	return awsServiceEndpoints[labels[0]]
}

// internalSuffixes are names that resolve only inside an organisation.
var internalSuffixes = []string{
	".internal", ".corp", ".lan", ".intranet", ".home.arpa", ".svc.cluster.local", ".cluster.local", ".svc",
	".consul", ".private", ".priv", ".intra",
}

// platformSuffixes are shared hosting platforms whose customers get
// subdomains (shop-staging.herokuapp.com, notify.app.cloud.gov): a host
// there named for an environment is one customer's app, and says nothing
// about the platform's other hosts (its API, other customers' apps).
var platformSuffixes = []string{
	".cloud.gov", ".herokuapp.com", ".azurewebsites.net", ".cloudapp.azure.com", ".azurestaticapps.net",
	".fly.dev", ".vercel.app", ".netlify.app", ".onrender.com", ".pages.dev", ".workers.dev", ".web.app",
	".firebaseapp.com", ".appspot.com", ".run.app", ".elasticbeanstalk.com", ".cfapps.io", ".github.io",
	".gitlab.io", ".railway.app", ".amplifyapp.com", ".awsapprunner.com", ".ondigitalocean.app",
}

// IsPlatformHost reports hosts on a shared hosting platform (platformSuffixes).
func IsPlatformHost(host string) bool {
	return hasDomainSuffix(normalHost(host), platformSuffixes)
}

// platformServiceLabels start the platform's own hosts, which every
// customer calls: api.fr.cloud.gov, login.fr.cloud.gov.
var platformServiceLabels = map[string]bool{
	"api": true, "login": true, "uaa": true, "console": true, "dashboard": true, "ssh": true, "logs": true,
	"logs-platform": true, "metrics": true, "registry": true, "git": true,
}

// IsPlatformAppHost reports one customer's app on a shared hosting
// platform: the platform host of an app, not of the platform's own API.
func IsPlatformAppHost(host string) bool {
	h := normalHost(host)
	if !IsPlatformHost(h) {
		return false
	}
	first, _, _ := strings.Cut(h, ".")
	return !platformServiceLabels[first]
}

// IsClusterRelative reports names that resolve relative to where the
// program runs: single-label service names and Kubernetes service names
// (*.svc, *.svc.cluster.local). Every cluster and compose stack has its
// own "prometheus.monitoring.svc", so using the same name as production
// reaches production only if the name itself says so.
func IsClusterRelative(host string) bool {
	h := normalHost(host)
	if _, err := netip.ParseAddr(h); err == nil || h == "" || h == "." {
		return false
	}
	return !strings.Contains(h, ".") || strings.HasSuffix(h, ".svc") || strings.HasSuffix(h, ".cluster.local")
}

// IsInternalDomain reports names that only resolve inside an organisation:
// *.internal, *.corp, *.lan, *.intranet, *.home.arpa, Kubernetes service
// names (*.svc.cluster.local, *.svc) and Consul names (*.consul).
func IsInternalDomain(host string) bool {
	return hasDomainSuffix(normalHost(host), internalSuffixes)
}

// normalHost lower-cases a host and drops IPv6 brackets and a final dot.
func normalHost(host string) string {
	h := strings.ToLower(strings.TrimSpace(host))
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if h == "." {
		return h // SQL Server's local instance
	}
	return strings.TrimSuffix(h, ".")
}

// hasDomainSuffix reports whether h ends with one of the suffixes, each
// starting with a dot, and has a label before it.
func hasDomainSuffix(h string, suffixes []string) bool {
	for _, s := range suffixes {
		if len(h) > len(s) && strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// isDomainOrSub reports h == domain or h under domain.
func isDomainOrSub(h, domain string) bool {
	return h == domain || strings.HasSuffix(h, "."+domain)
}

func inPrefixes(ip netip.Addr, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
