package values

import "testing"

// hostFactCase lists hosts a fact must accept and hosts it must reject.
type hostFactCase struct {
	name    string
	fact    func(string) bool
	yes, no []string
}

func TestHostFacts(t *testing.T) {
	cases := []hostFactCase{
		{"IsLocalHost", IsLocalHost,
			[]string{"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0.0.0.0", "::", "host.docker.internal",
				"app.localhost", "app.local", "x.test", "(local)", ".", `(localdb)\mssqllocaldb`, "db", "postgres", "redis", "orb.local"},
			[]string{"db.prod.svc.cluster.local", "api.acme.io", "10.0.0.1", "8.8.8.8", "localhost.acme.io", "test.acme.io", ""}},
		{"IsReservedExample", IsReservedExample,
			[]string{"example.com", "db.example.com", "api.example.net", "example.org", "x.example", "x.invalid", "192.0.2.4",
				"198.51.100.7", "203.0.113.9", "2001:db8::1", "[2001:db8::2]"},
			[]string{"example.io", "notexample.com", "example.com.acme.io", "192.0.3.1", "10.0.0.1"}},
		{"IsPrivateIP", IsPrivateIP,
			[]string{"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "100.64.1.1", "169.254.169.254", "fd00::1", "fe80::1", "::ffff:10.0.0.1"},
			[]string{"8.8.8.8", "172.32.0.1", "100.128.0.1", "127.0.0.1", "db.internal", "2001:4860::1"}},
		{"IsManagedDataHost", IsManagedDataHost,
			[]string{"shop.abc123.eu-west-1.rds.amazonaws.com", "c.x.cache.amazonaws.com", "clustercfg.x.memorydb.us-east-1.amazonaws.com",
				"shop.database.windows.net", "pg.postgres.database.azure.com", "c.redis.cache.windows.net", "ns.servicebus.windows.net",
				"acct.documents.azure.com", "c0.x.mongodb.net", "ec2-1-2-3-4.compute-1.amazonaws.com", "db.abcd.supabase.co",
				"ep-x.eu-central-1.aws.neon.tech", "aws.connect.psdb.cloud", "x.upstash.io", "p.sql.goog", "acct.blob.core.windows.net"},
			[]string{"api.acme.io", "s3.amazonaws.com", "sqs.us-east-1.amazonaws.com", "mongodb.net", "www.timescale.com"}},
		{"IsPublicService", IsPublicService,
			[]string{"api.stripe.com", "smtp.sendgrid.net", "api.github.com", "github.com", "hooks.slack.com", "api.twilio.com",
				"oauth2.googleapis.com", "storage.googleapis.com", "login.microsoftonline.com", "o1.ingest.sentry.io",
				"o1.ingest.us.sentry.io", "api.mailgun.net", "sqs.eu-west-1.amazonaws.com", "sts.amazonaws.com", "S3.amazonaws.com",
				"email-smtp.eu-west-1.amazonaws.com"},
			[]string{"db.acme.internal", "bucket.storage.googleapis.com", "bucket.s3.amazonaws.com", "x.rds.amazonaws.com",
				"123456789012.dkr.ecr.eu-west-1.amazonaws.com", "abc.execute-api.us-east-1.amazonaws.com", "acme.firebaseio.com",
				"evilgithub.com", "googleapis.com.evil.io"}},
		{"IsInternalDomain", IsInternalDomain,
			[]string{"db.acme.internal", "svc.ns.svc.cluster.local", "api.svc", "x.corp", "nas.lan", "wiki.intranet",
				"router.home.arpa", "vault.service.consul"},
			[]string{"acme.io", "internal", "corp.acme.io", "who.int", "internal.acme.io"}},
	}
	for _, c := range cases {
		for _, h := range c.yes {
			if !c.fact(h) {
				t.Errorf("%s(%q) = false", c.name, h)
			}
		}
		for _, h := range c.no {
			if c.fact(h) {
				t.Errorf("%s(%q) = true", c.name, h)
			}
		}
	}
}
