package values

import (
	"sort"
	"strings"

	"github.com/envfence/envfence/internal/lazyre"
	"github.com/envfence/envfence/internal/secret"
)

// Mode is a provider's environment: live (production) or test (sandbox).
// Its string is what messages print.
type Mode string

// The provider modes.
const (
	Live Mode = "live"
	Test Mode = "test"
)

// Marker is a provider credential or endpoint whose form says its mode.
type Marker struct {
	// Provider names the provider for messages: "Stripe", "PayPal".
	Provider string
	// What says what the value is: "live secret key", "sandbox API endpoint".
	What string
	// Mode is Live or Test.
	Mode Mode
}

// keyMarker is one row of the key catalogue: a prefix, the minimum length
// of the whole key, and for prefixes that ordinary words or other
// providers share, the shape the whole key must have.
type keyMarker struct {
	prefix string
	minLen int
	Marker
	shape *lazyre.Regexp
}

// keyMarkers is the catalogue of provider key prefixes that carry their
// mode (env-conventions §3). Add a row to support a provider; rows sharing
// a prefix are tried in order, the first whose shape fits wins. Providers
// with no key marker are absent on purpose: Okta and Auth0 (the tenant
// says the environment, not the token), Twilio (test and live account SIDs
// look alike), Coinbase and Salesforce (told apart by host, see
// hostMarkers), Checkout.com live keys (sk_ with no marker; only the
// sandbox's sk_sbox_ is recognised, because many services start keys with
// sk_).
//
// live_ and test_ are shared: Adyen client keys are 32 upper-case letters
// and digits, Lob keys hex, GoCardless tokens 40 characters with _ and -,
// and Mollie takes the other keys of 30 or more letters and digits
// (mollie-api-php's rule). A key of one provider in another's shape gets
// the wrong name but the right mode, which is what the rules report.
var keyMarkers = []keyMarker{
	// Paystack and old Checkout.com keys share Stripe's prefixes; their
	// shapes come first.
	{"sk_live_", 48, Marker{"Paystack", "live secret key", Live}, lazyre.New(`^sk_live_[0-9a-f]{40}$`)},
	{"sk_test_", 48, Marker{"Paystack", "test secret key", Test}, lazyre.New(`^sk_test_[0-9a-f]{40}$`)},
	{"sk_test_", 44, Marker{"Checkout.com", "test secret key", Test}, lazyre.New(`^sk_test_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)},
	{"sk_live_", 16, Marker{"Stripe", "live secret key", Live}, nil},
	{"rk_live_", 16, Marker{"Stripe", "live restricted key", Live}, nil},
	{"pk_live_", 16, Marker{"Stripe", "live publishable key", Live}, nil},
	{"sk_prod_", 16, Marker{"Stripe", "live secret key", Live}, nil},
	{"rk_prod_", 16, Marker{"Stripe", "live restricted key", Live}, nil},
	{"pst_live_", 16, Marker{"Stripe", "live connection token", Live}, nil},
	{"sk_test_", 16, Marker{"Stripe", "test secret key", Test}, nil},
	{"rk_test_", 16, Marker{"Stripe", "test restricted key", Test}, nil},
	{"pk_test_", 16, Marker{"Stripe", "test publishable key", Test}, nil},
	{"pst_test_", 16, Marker{"Stripe", "test connection token", Test}, nil},
	{"rzp_live_", 16, Marker{"Razorpay", "live key", Live}, nil},
	{"rzp_test_", 16, Marker{"Razorpay", "test key", Test}, nil},
	{"pdl_live_apikey_", 30, Marker{"Paddle", "live API key", Live}, nil},
	{"pdl_sdbx_apikey_", 30, Marker{"Paddle", "sandbox API key", Test}, nil},
	{"pdl_test_apikey_", 30, Marker{"Paddle", "test API key", Test}, nil},
	{"sk_sbox_", 20, Marker{"Checkout.com", "sandbox secret key", Test}, nil},
	{"pk_sbox_", 20, Marker{"Checkout.com", "sandbox public key", Test}, nil},
	{"access-production-", 40, Marker{"Plaid", "production access token", Live}, nil},
	{"access-sandbox-", 40, Marker{"Plaid", "sandbox access token", Test}, nil},
	{"access-development-", 40, Marker{"Plaid", "development access token", Test}, nil},
	{"public-production-", 40, Marker{"Plaid", "production public token", Live}, nil},
	{"public-sandbox-", 40, Marker{"Plaid", "sandbox public token", Test}, nil},
	{"link-production-", 40, Marker{"Plaid", "production link token", Live}, nil},
	{"link-sandbox-", 40, Marker{"Plaid", "sandbox link token", Test}, nil},
	{"sandbox-sq0idb-", 25, Marker{"Square", "sandbox application id", Test}, nil},
	{"sandbox-sq0csb-", 25, Marker{"Square", "sandbox OAuth secret", Test}, nil},
	{"sq0idp-", 17, Marker{"Square", "production application id", Live}, nil},
	{"sq0csp-", 17, Marker{"Square", "production OAuth secret", Live}, nil},
	{"production_", 36, Marker{"Braintree", "production tokenization key", Live}, lazyre.New(`^production_[a-z0-9]{8}_[a-z0-9]{16}$`)},
	{"sandbox_", 33, Marker{"Braintree", "sandbox tokenization key", Test}, lazyre.New(`^sandbox_[a-z0-9]{8}_[a-z0-9]{16}$`)},
	{"sandbox_", 40, Marker{"GoCardless", "sandbox access token", Test}, lazyre.New(`^sandbox_[0-9A-Za-z_-]{40}$`)},
	{"live_", 37, Marker{"Adyen", "live client key", Live}, lazyre.New(`^live_[0-9A-Z]{32}$`)},
	{"test_", 37, Marker{"Adyen", "test client key", Test}, lazyre.New(`^test_[0-9A-Z]{32}$`)},
	{"live_", 36, Marker{"Lob", "live API key", Live}, lazyre.New(`^live_(?:pub_)?[0-9a-f]{31,40}$`)},
	{"test_", 36, Marker{"Lob", "test API key", Test}, lazyre.New(`^test_(?:pub_)?[0-9a-f]{31,40}$`)},
	{"live_", 45, Marker{"GoCardless", "live access token", Live}, lazyre.New(`^live_[0-9A-Za-z_-]{40}$`)},
	{"live_", 35, Marker{"Mollie", "live API key", Live}, lazyre.New(`^live_[0-9A-Za-z]{30,}$`)},
	{"test_", 35, Marker{"Mollie", "test API key", Test}, lazyre.New(`^test_[0-9A-Za-z]{30,}$`)},
	{"duffel_live_", 30, Marker{"Duffel", "live token", Live}, nil},
	{"duffel_test_", 30, Marker{"Duffel", "test token", Test}, nil},
	{"shippo_live_", 30, Marker{"Shippo", "live token", Live}, nil},
	{"shippo_test_", 30, Marker{"Shippo", "test token", Test}, nil},
	{"EZAK", 24, Marker{"EasyPost", "production API key", Live}, nil},
	{"EZTK", 24, Marker{"EasyPost", "test API key", Test}, nil},
	{"FLWSECK_TEST-", 25, Marker{"Flutterwave", "test secret key", Test}, nil},
	{"FLWPUBK_TEST-", 25, Marker{"Flutterwave", "test public key", Test}, nil},
	{"FLWSECK-", 20, Marker{"Flutterwave", "live secret key", Live}, nil},
	{"FLWPUBK-", 20, Marker{"Flutterwave", "live public key", Live}, nil},
	{"CHASECK_TEST-", 25, Marker{"Chapa", "test secret key", Test}, nil},
	{"CHAPUBK_TEST-", 25, Marker{"Chapa", "test public key", Test}, nil},
	{"CHASECK-", 20, Marker{"Chapa", "live secret key", Live}, nil},
	{"CHAPUBK-", 20, Marker{"Chapa", "live public key", Live}, nil},
	{"tr_prod_", 20, Marker{"Trigger.dev", "production secret key", Live}, nil},
	{"tr_stg_", 20, Marker{"Trigger.dev", "staging secret key", Test}, nil},
	{"tr_dev_", 20, Marker{"Trigger.dev", "development secret key", Test}, nil},
}

// keyMarkersByFirstByte indexes keyMarkers, keeping their order.
var keyMarkersByFirstByte = func() (t [256][]*keyMarker) {
	for i := range keyMarkers {
		k := &keyMarkers[i]
		t[k.prefix[0]] = append(t[k.prefix[0]], k)
	}
	return t
}()

// ProviderKey reports a provider key whose prefix says its mode: the whole
// value (after an HTTP "Bearer " scheme) must be the key. Masked and
// documentation values (sk_live_xxxx…, Stripe's sk_test_4eC39…) are
// placeholders, not keys; so is anything that is not token-like after the
// prefix (live_reload_enabled, production_database_name).
func ProviderKey(v secret.Value) (Marker, bool) {
	raw := strings.TrimSpace(v.Reveal())
	if raw == "" {
		return Marker{}, false
	}
	raw = raw[authScheme(raw):]
	rows := keyMarkersByFirstByte[raw[0]]
	if rows == nil || strings.ContainsAny(raw, " \t\n/:") || IsPlaceholder(raw) {
		return Marker{}, false
	}
	for _, k := range rows {
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
// and digits mixed, nothing but letters, digits, _ and -.
func tokenLike(s string) bool {
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= '0' && b <= '9':
			digits++
		case isLetterByte(b):
			letters++
		case b == '_' || b == '-':
		default:
			return false
		}
	}
	return digits > 0 && letters > 0
}

// hostMarker is one row of the endpoint catalogue: a host, matched whole
// or as a dot-separated suffix.
type hostMarker struct {
	suffix string
	Marker
}

// hostMarkers are provider endpoints whose host says the mode
// (env-conventions §3). Add a row to support a provider. Auth0 tenants and
// Okta production orgs carry no marker (dev-123.okta.com is as live-looking
// as acme.okta.com); Stripe, Razorpay, Mollie and Twilio use one host for
// both modes.
var hostMarkers = []hostMarker{
	{"api-m.sandbox.paypal.com", Marker{"PayPal", "sandbox API endpoint", Test}},
	{"api.sandbox.paypal.com", Marker{"PayPal", "sandbox API endpoint", Test}},
	{"api-3t.sandbox.paypal.com", Marker{"PayPal", "sandbox NVP endpoint", Test}},
	{"sandbox.paypal.com", Marker{"PayPal", "sandbox endpoint", Test}},
	{"api-m.paypal.com", Marker{"PayPal", "live API endpoint", Live}},
	{"api.paypal.com", Marker{"PayPal", "live API endpoint", Live}},
	{"api-3t.paypal.com", Marker{"PayPal", "live NVP endpoint", Live}},
	{"ipnpb.paypal.com", Marker{"PayPal", "live IPN endpoint", Live}},
	{"sandbox.braintreegateway.com", Marker{"Braintree", "sandbox endpoint", Test}},
	{"api.braintreegateway.com", Marker{"Braintree", "production endpoint", Live}},
	{"www.braintreegateway.com", Marker{"Braintree", "production endpoint", Live}},
	{"payments.sandbox.braintree-api.com", Marker{"Braintree", "sandbox GraphQL endpoint", Test}},
	{"payments.braintree-api.com", Marker{"Braintree", "production GraphQL endpoint", Live}},
	{"sandbox.plaid.com", Marker{"Plaid", "sandbox endpoint", Test}},
	{"development.plaid.com", Marker{"Plaid", "development endpoint", Test}},
	{"production.plaid.com", Marker{"Plaid", "production endpoint", Live}},
	{"squareupsandbox.com", Marker{"Square", "sandbox endpoint", Test}},
	{"connect.squareup.com", Marker{"Square", "production endpoint", Live}},
	{"sandbox.web.squarecdn.com", Marker{"Square", "sandbox Web Payments SDK", Test}},
	{"web.squarecdn.com", Marker{"Square", "production Web Payments SDK", Live}},
	{"adyenpayments.com", Marker{"Adyen", "live endpoint", Live}},
	{"checkout-test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"pal-test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"cal-test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"ca-test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"test.adyen.com", Marker{"Adyen", "test endpoint", Test}},
	{"live.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"live-us.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"live-au.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"live-apse.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"pal-live.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"checkout-live.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"ca-live.adyen.com", Marker{"Adyen", "live endpoint", Live}},
	{"api.sandbox.checkout.com", Marker{"Checkout.com", "sandbox endpoint", Test}},
	{"access.sandbox.checkout.com", Marker{"Checkout.com", "sandbox auth endpoint", Test}},
	{"api.checkout.com", Marker{"Checkout.com", "live endpoint", Live}},
	{"access.checkout.com", Marker{"Checkout.com", "live auth endpoint", Live}},
	{"sandbox-api.paddle.com", Marker{"Paddle", "sandbox endpoint", Test}},
	{"sandbox-vendors.paddle.com", Marker{"Paddle", "sandbox endpoint", Test}},
	{"sandbox-checkout.paddle.com", Marker{"Paddle", "sandbox endpoint", Test}},
	{"sandbox-login.paddle.com", Marker{"Paddle", "sandbox endpoint", Test}},
	{"sandbox-cdn.paddle.com", Marker{"Paddle", "sandbox endpoint", Test}},
	{"api.paddle.com", Marker{"Paddle", "live endpoint", Live}},
	{"vendors.paddle.com", Marker{"Paddle", "live endpoint", Live}},
	{"sandbox.exchange.coinbase.com", Marker{"Coinbase", "sandbox endpoint", Test}},
	{"sandbox.pro.coinbase.com", Marker{"Coinbase", "sandbox endpoint", Test}},
	{"api-sandbox.coinbase.com", Marker{"Coinbase", "sandbox endpoint", Test}},
	{"sandbox.cdp.coinbase.com", Marker{"Coinbase", "sandbox endpoint", Test}},
	{"api.exchange.coinbase.com", Marker{"Coinbase", "live endpoint", Live}},
	{"api.cdp.coinbase.com", Marker{"Coinbase", "live endpoint", Live}},
	{"api.coinbase.com", Marker{"Coinbase", "live endpoint", Live}},
	{"api-sandbox.gocardless.com", Marker{"GoCardless", "sandbox endpoint", Test}},
	{"manage-sandbox.gocardless.com", Marker{"GoCardless", "sandbox endpoint", Test}},
	{"pay-sandbox.gocardless.com", Marker{"GoCardless", "sandbox endpoint", Test}},
	{"api.gocardless.com", Marker{"GoCardless", "live endpoint", Live}},
	{"manage.gocardless.com", Marker{"GoCardless", "live endpoint", Live}},
	{"test.salesforce.com", Marker{"Salesforce", "sandbox login endpoint", Test}},
	{"sandbox.my.salesforce.com", Marker{"Salesforce", "sandbox endpoint", Test}},
	{"login.salesforce.com", Marker{"Salesforce", "production login endpoint", Live}},
	{"my.salesforce.com", Marker{"Salesforce", "production endpoint", Live}},
	{"oktapreview.com", Marker{"Okta", "preview org", Test}},
	{"playground.klarna.com", Marker{"Klarna", "playground endpoint", Test}},
	{"api.klarna.com", Marker{"Klarna", "live endpoint", Live}},
	{"api-na.klarna.com", Marker{"Klarna", "live endpoint", Live}},
	{"api-oc.klarna.com", Marker{"Klarna", "live endpoint", Live}},
	{"apitest.authorize.net", Marker{"Authorize.net", "sandbox endpoint", Test}},
	{"test.authorize.net", Marker{"Authorize.net", "sandbox endpoint", Test}},
	{"api.authorize.net", Marker{"Authorize.net", "production endpoint", Live}},
	{"api2.authorize.net", Marker{"Authorize.net", "production endpoint", Live}},
	{"try.access.worldpay.com", Marker{"Worldpay", "try endpoint", Test}},
	{"access.worldpay.com", Marker{"Worldpay", "live endpoint", Live}},
	{"sandbox.transferwise.tech", Marker{"Wise", "sandbox endpoint", Test}},
	{"api.transferwise.com", Marker{"Wise", "live endpoint", Live}},
	{"api.wise.com", Marker{"Wise", "live endpoint", Live}},
}

// hostMarkersByDomain indexes hostMarkers by their last two labels, each
// list longest suffix first so that sandbox.my.salesforce.com wins over
// my.salesforce.com.
var hostMarkersByDomain = func() map[string][]hostMarker {
	m := map[string][]hostMarker{}
	for _, h := range hostMarkers {
		d := lastLabels(h.suffix, 2)
		m[d] = append(m[d], h)
	}
	for _, list := range m {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].suffix) > len(list[j].suffix) })
	}
	return m
}()

// ProviderHost reports a provider endpoint whose host says its mode:
// api-m.sandbox.paypal.com is PayPal's sandbox, x-checkout-live.adyenpayments.com
// Adyen's live platform.
func ProviderHost(host string) (Marker, bool) {
	h := normalHost(host)
	for _, m := range hostMarkersByDomain[lastLabels(h, 2)] {
		if isDomainOrSub(h, m.suffix) {
			return m.Marker, true
		}
	}
	return Marker{}, false
}

// lastLabels returns the last n dot-separated labels of a host.
func lastLabels(h string, n int) string {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i] == '.' {
			if n--; n == 0 {
				return h[i+1:]
			}
		}
	}
	return h
}
