package values

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

// endpointStrings renders endpoints as scheme|host|port and checks that
// each one's span locates its host in the value.
func endpointStrings(t *testing.T, value string, eps []Endpoint) []string {
	t.Helper()
	var out []string
	r := []rune(value)
	for _, e := range eps {
		out = append(out, e.Scheme+"|"+e.Host+"|"+e.Port)
		if e.Offset < 0 || e.Offset+e.Len > len(r) || normalHost(string(r[e.Offset:e.Offset+e.Len])) != e.Host {
			t.Errorf("%q: span %d+%d does not locate %s", value, e.Offset, e.Len, e.Host)
		}
	}
	return out
}

func TestEndpoints(t *testing.T) {
	cases := []struct {
		key, value string
		want       []string // scheme|host|port
	}{
		// URLs of any scheme.
		{"DATABASE_URL", "postgres://app:pw@orders-db.prod.acme.internal:5432/orders", []string{"postgres|orders-db.prod.acme.internal|5432"}},
		{"DATABASE_URL", "postgresql://h1.acme.io:5432,h2.acme.io:5433/db?target_session_attrs=rw", []string{"postgresql|h1.acme.io|5432", "postgresql|h2.acme.io|5433"}},
		{"MONGO", "mongodb://u:p@a.example.net:27017,b.mongo.acme.io:27017/db?replicaSet=rs0", []string{"mongodb|a.example.net|27017", "mongodb|b.mongo.acme.io|27017"}},
		{"MONGO", "mongodb+srv://u:p@cluster0.ab1cd.mongodb.net/db", []string{"mongodb+srv|cluster0.ab1cd.mongodb.net|"}},
		{"REDIS_URL", "rediss://:pw@cache.prod.acme.io:6380/0", []string{"rediss|cache.prod.acme.io|6380"}},
		{"AMQP_URL", "amqps://u:p@mq.acme.io/vhost", []string{"amqps|mq.acme.io|"}},
		{"url", "mysql://root@db:3306/app", []string{"mysql|db|3306"}},
		{"api", "see https://API.Acme.io./v1 and http://[2001:db8::1]:8080/x", []string{"https|api.acme.io|", "http|2001:db8::1|8080"}},
		{"url", "https://user:p@ss@host.acme.io/x", []string{"https|host.acme.io|"}},
		// Pages for people reach nothing; services under similar keys do.
		{"homepage", "https://www.prod.acme.io/u/alice", nil},
		{"avatarUrl", "https://cdn.prod.acme.io/a.png", nil},
		{"docs_link", "https://docs.acme.io", nil},
		{"help_page", "https://help.prod.acme.io", nil},
		{"home_page", "https://www.prod.acme.io", nil},
		{"callback_url", "https://hooks.prod.acme.io/stripe", []string{"https|hooks.prod.acme.io|"}},
		{"image", "registry.prod.acme.io/api:1", nil},
		{"site_url", "https://shop.prod.acme.io", nil},
		// JDBC and Oracle.
		{"url", "jdbc:postgresql://db.staging.internal:5432/x", []string{"postgresql|db.staging.internal|5432"}},
		{"url", "jdbc:mysql://mysql.acme.io/x", []string{"mysql|mysql.acme.io|"}},
		{"url", "jdbc:sqlserver://sql.prod.corp:1433;databaseName=x;user=y", []string{"sqlserver|sql.prod.corp|1433"}},
		{"url", "jdbc:oracle:thin:@ora.prod.acme.net:1521:SID", []string{"oracle|ora.prod.acme.net|1521"}},
		{"url", "jdbc:oracle:thin:scott/tiger@//ora2.acme.net:1521/svc", []string{"oracle|ora2.acme.net|1521"}},
		{"tns", "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora3.acme.net)(PORT=1522))(CONNECT_DATA=(SID=x)))", []string{"oracle|ora3.acme.net|1522"}},
		// ADO.NET, libpq, Azure.
		{"conn", "Server=tcp:shop-sql.database.windows.net,1433;Database=shop", []string{"|shop-sql.database.windows.net|1433"}},
		{"conn", "Data Source=sql01.corp\\SQLEXPRESS;Initial Catalog=x", []string{"|sql01.corp|"}},
		{"conn", "Data Source=(localdb)\\MSSQLLocalDB;Integrated Security=true", []string{"|(localdb)\\mssqllocaldb|"}},
		{"conn", "Server=.;Database=x;Trusted_Connection=True", []string{"|.|"}},
		{"conn", "Address=10.1.2.3;Port=1434", []string{"|10.1.2.3|1434"}},
		{"conn", `Network Address="sql9.corp";Initial Catalog=x`, []string{"|sql9.corp|"}},
		{"conn", "data source = sql8.corp ; user id=u", []string{"|sql8.corp|"}},
		{"dsn", "host=pg.prod.internal port=5432 dbname=x", []string{"|pg.prod.internal|5432"}},
		{"dsn", "host=pg1.internal,pg2.internal dbname=x", []string{"|pg1.internal|", "|pg2.internal|"}},
		{"SB", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=y", []string{"sb|ns.servicebus.windows.net|"}},
		// Literal defaults.
		{"DATABASE_URL", "postgres://u:p@${DB_HOST:-db.prod.internal}:5432/x", []string{"|db.prod.internal|"}},
		{"DB_HOST", "${DB_HOST:-10.0.0.7}", []string{"|10.0.0.7|"}},
		// Bare hosts under host-like keys.
		{"DB_HOST", "10.20.30.40", []string{"|10.20.30.40|"}},
		{"dbHost", "pg.acme.io", []string{"|pg.acme.io|"}},
		{"redis_host", "cache.prod.acme.io:6379", []string{"|cache.prod.acme.io|6379"}},
		{"brokers", "k1.acme.io:9092,k2.acme.io:9092", []string{"|k1.acme.io|9092", "|k2.acme.io|9092"}},
		{"endpoint", "api.acme.io/v1", []string{"|api.acme.io|"}},
		{"host", "localhost", []string{"|localhost|"}},
		{"address", "[::1]:8080", []string{"|::1|8080"}},
		{"0", "PGHOST=pg.prod.acme.io", []string{"|pg.prod.acme.io|"}},
		// Not endpoints.
		{"NOTE", "10.20.30.40", nil},
		{"DB_HOST", "${DB_HOST}", nil},
		{"DB_HOST", "db", nil}, // a bare single label: a compose name, too vague to report
		{"version", "1.2.3", nil},
		{"host", "1.2.3", nil},
		{"url", "file:///etc/x", nil},
		{"url", "sqlite:///db.sqlite3", nil},
		{"url", "https://${{ vars.HOST }}/x", nil},
		{"url", "https://{{ .Values.host }}/x", nil},
		{"url", "http://+:80", nil},
		{"url", "http://h.acme.io:notaport/", nil},
		{"host", "-bad-.acme.io", nil},
		{"uses", "docker://rhysd/actionlint:latest", nil},
		{"uses", "docker://ghcr.io/acme/tool:1", []string{"docker|ghcr.io|"}},
		{"ASSETS", "s3://acme-assets-prod/uploads", nil},
		{"regex", `https://[a-z0-9]+\.webhook\.office\.com/x`, nil},
	}
	for _, c := range cases {
		got := endpointStrings(t, c.value, Endpoints(c.key, secret.New(c.value)))
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("Endpoints(%q, %q) = %q, want %q", c.key, c.value, got, c.want)
		}
	}
}

func TestEndpointsKeepHostsAroundExpressions(t *testing.T) {
	v := "postgres://app:${{ secrets.PW }}@db.prod.acme.io:5432/x"
	got := endpointStrings(t, v, Endpoints("url", secret.New(v)))
	if strings.Join(got, " ") != "postgres|db.prod.acme.io|5432" {
		t.Errorf("Endpoints = %q", got)
	}
}

func TestEndpointsNeverIncludeUserinfo(t *testing.T) {
	for _, v := range []string{"postgres://admin:S3cret@db.acme.io/x", "https://tok@api.acme.io", "ssh://git:pw@git.acme.io"} {
		for _, e := range Endpoints("url", secret.New(v)) {
			if strings.ContainsAny(e.Host, "@:") && !strings.Contains(e.Host, "::") || strings.Contains(e.Host, "admin") || strings.Contains(e.Host, "tok") {
				t.Errorf("%q: host %q holds user information", v, e.Host)
			}
		}
	}
}
