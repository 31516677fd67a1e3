package values

import (
	"regexp"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// Mode is a provider's environment: live (production) or test (sandbox).
type Mode string

// The provider modes.
const (
	Live Mode = "live"
	Test Mode = "test"
)

// Marker is a provider credential or endpoint whose form says its mode.
type Marker struct {
	Provider string
	What     string // "live secret key", "sandbox API endpoint"
	Mode     Mode
}

// keyMarker is one row of the key catalogue: a prefix, and the minimum
// length of what follows it, so that a bare prefix in prose never matches.
type keyMarker struct {
	prefix string
	minLen int
	Marker
	// shape, when set, must match the whole value: for prefixes that
	// ordinary words also start with (production_, live_).
	shape *regexp.Regexp
}

// keyMarkers is the catalogue of provider key prefixes that carry their
// mode (env-conventions §3). Add a row to support a provider.
var keyMarkers = []keyMarker{
	{"sk_live_", 16, Marker{"Stripe", "live secret key", Live}, nil},
	{"rk_live_", 16, Marker{"Stripe", "live restricted key", Live}, nil},
	{"pk_live_", 16, Marker{"Stripe", "live publishable key", Live}, nil},
	{"sk_prod_", 16, Marker{"Stripe", "live secret key", Live}, nil},
	{"pst_live_", 16, Marker{"Stripe", "live connection token", Live}, nil},
	{"sk_test_", 16, Marker{"Stripe", "test secret key", Test}, nil},
	{"rk_test_", 16, Marker{"Stripe", "test restricted key", Test}, nil},
	{"pk_test_", 16, Marker{"Stripe", "test publishable key", Test}, nil},
	{"rzp_live_", 10, Marker{"Razorpay", "live key", Live}, nil},
	{"rzp_test_", 10, Marker{"Razorpay", "test key", Test}, nil},
	{"pdl_live_apikey_", 10, Marker{"Paddle", "live API key", Live}, nil},
	{"pdl_sdbx_apikey_", 10, Marker{"Paddle", "sandbox API key", Test}, nil},
	{"pdl_test_apikey_", 10, Marker{"Paddle", "test API key", Test}, nil},
	{"sk_sbox_", 16, Marker{"Checkout.com", "sandbox secret key", Test}, nil},
	{"pk_sbox_", 16, Marker{"Checkout.com", "sandbox public key", Test}, nil},
	{"access-production-", 20, Marker{"Plaid", "production access token", Live}, nil},
	{"access-sandbox-", 20, Marker{"Plaid", "sandbox access token", Test}, nil},
	{"access-development-", 20, Marker{"Plaid", "development access token", Test}, nil},
	{"sandbox-sq0idb-", 10, Marker{"Square", "sandbox application id", Test}, nil},
	{"sq0idp-", 10, Marker{"Square", "production application id", Live}, nil},
	{"production_", 20, Marker{"Braintree", "production tokenization key", Live}, braintreeShape},
	{"sandbox_", 20, Marker{"Braintree", "sandbox tokenization key", Test}, braintreeShape},
	{"duffel_live_", 10, Marker{"Duffel", "live token", Live}, nil},
	{"duffel_test_", 10, Marker{"Duffel", "test token", Test}, nil},
	{"shippo_live_", 10, Marker{"Shippo", "live token", Live}, nil},
	{"shippo_test_", 10, Marker{"Shippo", "test token", Test}, nil},
	{"EZAK", 20, Marker{"EasyPost", "production API key", Live}, nil},
	{"EZTK", 20, Marker{"EasyPost", "test API key", Test}, nil},
	{"FLWSECK_TEST-", 10, Marker{"Flutterwave", "test secret key", Test}, nil},
	{"FLWSECK-", 10, Marker{"Flutterwave", "live secret key", Live}, nil},
	{"tr_prod_", 10, Marker{"Trigger.dev", "production key", Live}, nil},
	{"tr_dev_", 10, Marker{"Trigger.dev", "development key", Test}, nil},
	{"tr_stg_", 10, Marker{"Trigger.dev", "staging key", Test}, nil},
	{"live_", 30, Marker{"Mollie/GoCardless/Lob", "live API key", Live}, mollieShape},
	{"test_", 30, Marker{"Mollie/Lob", "test API key", Test}, mollieShape},
}

var (
	braintreeShape = regexp.MustCompile(`^(?:production|sandbox)_[a-z0-9]{8}_[a-z0-9]{16}$`)
	mollieShape    = regexp.MustCompile(`^(?:live|test)_[A-Za-z0-9]{30,}$`)
)

// ProviderKey reports a provider key whose prefix says its mode. Masked
// documentation values (sk_live_xxxx…) are placeholders, not keys.
func ProviderKey(v secret.Value) (Marker, bool) {
	raw := strings.TrimSpace(v.Reveal())
	if IsPlaceholder(raw) || strings.ContainsAny(raw, " \t\n/:") {
		return Marker{}, false
	}
	for _, k := range keyMarkers {
		if !strings.HasPrefix(raw, k.prefix) || len(raw) < k.minLen || !tokenLike(raw[len(k.prefix):]) {
			continue
		}
		if k.shape != nil && !k.shape.MatchString(raw) {
			continue
		}
		return k.Marker, true
	}
	return Marker{}, false
}

// tokenLike requires the part after a prefix to look generated: letters
// and digits mixed, not a word such as live_reload_enabled.
func tokenLike(s string) bool {
	letters, digits := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letters++
		case r == '_' || r == '-':
		default:
			return false
		}
	}
	return digits > 0 && letters > 0
}

// hostMarker is one row of the endpoint catalogue.
type hostMarker struct {
	suffix string // matched as the whole host or a dot-separated suffix
	Marker
}

// hostMarkers are provider endpoints whose host says the mode.
var hostMarkers = []hostMarker{
	{"api-m.sandbox.paypal.com", Marker{"PayPal", "sandbox API endpoint", Test}},
	{"api.sandbox.paypal.com", Marker{"PayPal", "sandbox API endpoint", Test}},
	{"www.sandbox.paypal.com", Marker{"PayPal", "sandbox endpoint", Test}},
	{"api-3t.sandbox.paypal.com", Marker{"PayPal", "sandbox NVP endpoint", Test}},
	{"api-m.paypal.com", Marker{"PayPal", "live API endpoint", Live}},
	{"api.paypal.com", Marker{"PayPal", "live API endpoint", Live}},
	{"api-3t.paypal.com", Marker{"PayPal", "live NVP endpoint", Live}},
	{"sandbox.braintreegateway.com", Marker{"Braintree", "sandbox endpoint", Test}},
	{"api.braintreegateway.com", Marker{"Braintree", "production endpoint", Live}},
	{"sandbox.plaid.com", Marker{"Plaid", "sandbox endpoint", Test}},
	{"development.plaid.com", Marker{"Plaid", "development endpoint", Test}},
	{"production.plaid.com", Marker{"Plaid", "production endpoint", Live}},
	{"connect.squareupsandbox.com", Marker{"Square", "sandbox endpoint", Test}},
	{"connect.squareup.com", Marker{"Square", "production endpoint", Live}},
	{"checkout-test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"pal-test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"adyenpayments.com", Marker{"Adyen", "live endpoint", Live}},
	{"api.sandbox.checkout.com", Marker{"Checkout.com", "sandbox endpoint", Test}},
	{"sandbox-api.paddle.com", Marker{"Paddle", "sandbox endpoint", Test}},
	{"api.paddle.com", Marker{"Paddle", "live endpoint", Live}},
	{"api-public.sandbox.exchange.coinbase.com", Marker{"Coinbase", "sandbox endpoint", Test}},
	{"api-sandbox.coinbase.com", Marker{"Coinbase", "sandbox endpoint", Test}},
	{"api.exchange.coinbase.com", Marker{"Coinbase", "live endpoint", Live}},
	{"api-sandbox.gocardless.com", Marker{"GoCardless", "sandbox endpoint", Test}},
	{"api.gocardless.com", Marker{"GoCardless", "live endpoint", Live}},
	{"test.salesforce.com", Marker{"Salesforce", "sandbox login endpoint", Test}},
	{"sandbox.my.salesforce.com", Marker{"Salesforce", "sandbox endpoint", Test}},
	{"login.salesforce.com", Marker{"Salesforce", "production login endpoint", Live}},
	{"oktapreview.com", Marker{"Okta", "preview org", Test}},
}

// ProviderHost reports a provider endpoint whose host says its mode.
func ProviderHost(host string) (Marker, bool) {
	h := strings.ToLower(host)
	for _, m := range hostMarkers {
		if h == m.suffix || strings.HasSuffix(h, "."+m.suffix) {
			return m.Marker, true
		}
	}
	return Marker{}, false
}
