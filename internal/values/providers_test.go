package values

import (
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

// keyMarkerSample builds, for a row of keyMarkers, a key its shape fits.
func keyMarkerSample(k keyMarker) string {
	switch k.Provider + " " + k.What {
	case "Paystack live secret key", "Paystack test secret key":
		return fakeToken(k.prefix, hexLower, 40)
	case "Checkout.com test secret key":
		return k.prefix + fakeToken("", hexLower, 8) + "-" + fakeToken("", hexLower, 4) + "-" + fakeToken("", hexLower, 4) + "-" + fakeToken("", hexLower, 4) + "-" + fakeToken("", hexLower, 12)
	case "Braintree production tokenization key", "Braintree sandbox tokenization key":
		return fakeToken(k.prefix, "abcdefgh2345", 8) + fakeToken("_", "abcdefgh2345", 16)
	case "GoCardless sandbox access token", "GoCardless live access token":
		return fakeToken(k.prefix, alnum+"_-", 40)
	case "Adyen live client key", "Adyen test client key":
		return fakeToken(k.prefix, upperNum, 32)
	case "Lob live API key", "Lob test API key":
		return fakeToken(k.prefix, hexLower, 35)
	case "Mollie live API key", "Mollie test API key":
		return fakeToken(k.prefix, alnum, 30)
	}
	n := k.minLen - len(k.prefix)
	if n < 24 {
		n = 24
	}
	return fakeToken(k.prefix, alnum, n)
}

// TestKeyMarkers checks every row of the key catalogue: its sample is
// recognised as that row, not as an earlier one sharing its prefix.
func TestKeyMarkers(t *testing.T) {
	for _, k := range keyMarkers {
		v := keyMarkerSample(k)
		m, ok := ProviderKey(secret.New(v))
		if !ok || m != k.Marker {
			t.Errorf("ProviderKey(%s %s sample, %d bytes) = %+v, %v; want %+v", k.Provider, k.What, len(v), m, ok, k.Marker)
		}
		if m, ok := ProviderKey(secret.New("Bearer " + v)); !ok || m != k.Marker {
			t.Errorf("ProviderKey(Bearer %s %s) = %+v, %v", k.Provider, k.What, m, ok)
		}
	}
}

func TestProviderKeyNearMisses(t *testing.T) {
	for _, v := range []string{
		"sk_live_xxxxxxxxxxxxxxxx", "sk_live_...", "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc", "production_database_name_2",
		"live_reload_enabled_please_yes_ok", "test_", "live_", "sk_live_short1", "rzp_live_", "sandbox_mode_enabled_for_all_users",
		"test_" + "dHar4XY7LxsDOtmnkVtjNVWXLSlXsM", "sk_live_" + "abcdefghijklmnopqrstuvwx", "EZAKonly", "tr_prod_settings",
		"sk_live_" + fakeToken("", alnum, 24) + " and more", "https://x/sk_live_" + fakeToken("", alnum, 24), "",
		"test_suite_for_the_payment_module_v2", "live_" + fakeToken("", alnum, 10),
	} {
		if m, ok := ProviderKey(secret.New(v)); ok {
			t.Errorf("ProviderKey(%q) = %+v", v, m)
		}
	}
}

// TestHostMarkers checks every row of the endpoint catalogue, as the host
// itself and as a subdomain.
func TestHostMarkers(t *testing.T) {
	for _, h := range hostMarkers {
		for _, host := range []string{h.suffix, "x1." + h.suffix, h.suffix + "."} {
			m, ok := ProviderHost(host)
			if !ok || m != h.Marker {
				t.Errorf("ProviderHost(%q) = %+v, %v; want %+v", host, m, ok, h.Marker)
			}
		}
	}
}

func TestProviderHost(t *testing.T) {
	cases := map[string]Mode{
		"api-m.sandbox.paypal.com":                     Test,
		"API-M.PAYPAL.COM":                             Live,
		"abc123-checkout-live.adyenpayments.com":       Live,
		"checkout-test.adyen.com":                      Test,
		"acme--uat.sandbox.my.salesforce.com":          Test,
		"acme.my.salesforce.com":                       Live,
		"acme.oktapreview.com":                         Test,
		"pfx12345.api.sandbox.checkout.com":            Test,
		"pfx12345.api.checkout.com":                    Live,
		"api-public.sandbox.exchange.coinbase.com":     Test,
		"connect.squareupsandbox.com":                  Test,
		"ws-feed-public.sandbox.exchange.coinbase.com": Test,
	}
	for host, want := range cases {
		if m, ok := ProviderHost(host); !ok || m.Mode != want {
			t.Errorf("ProviderHost(%q) = %+v, %v; want %s", host, m, ok, want)
		}
	}
	for _, host := range []string{"api.acme.io", "api.stripe.com", "acme.okta.com", "acme.auth0.com", "paypal.com.evil.io", "notpaypal.com", "", "com"} {
		if m, ok := ProviderHost(host); ok {
			t.Errorf("ProviderHost(%q) = %+v", host, m)
		}
	}
}
