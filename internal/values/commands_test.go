package values

import (
	"strings"
	"testing"
)

func TestCommandEndpoints(t *testing.T) {
	cases := []struct {
		cmd  string
		want []string // host|port
	}{
		{"PGPASSWORD=x psql -h db.prod.acme.internal -U app && ssh deploy@bastion.prod.acme.io uptime", []string{"db.prod.acme.internal|", "bastion.prod.acme.io|"}},
		{"mysql --host=mysql.prod.acme.io -u root", []string{"mysql.prod.acme.io|"}},
		{"mysql --host \"mysql2.acme.io\" -u root", []string{"mysql2.acme.io|"}},
		{"mysql -hmysql3.acme.io -P3306", []string{"mysql3.acme.io|"}},
		{"redis-cli -h cache.acme.io -p 6379 ping", []string{"cache.acme.io|"}},
		{"pg_dump --host=pg.acme.io:5433 app > x.sql", []string{"pg.acme.io|5433"}},
		{"sqlcmd -S tcp:sql.acme.io,1433 -Q 'select 1'", []string{"sql.acme.io|1433"}},
		{`mongosh "mongodb+srv://u:p@c0.x.mongodb.net/db"`, []string{"c0.x.mongodb.net|"}},
		{"curl -fsS https://api.prod.acme.io/health", []string{"api.prod.acme.io|"}},
		{`psql "host=pg.prod.internal port=5432 dbname=x"`, []string{"pg.prod.internal|5432"}},
		{"PGHOST=pg9.acme.io psql -c 'select 1'", []string{"pg9.acme.io|"}},
		{"ssh -i ~/.ssh/id -p 2222 ubuntu@10.0.1.5 'sudo reboot'", []string{"10.0.1.5|"}},
		{"ssh -J jump@bastion.acme.io app.internal.acme.io", []string{"bastion.acme.io|", "app.internal.acme.io|"}},
		{"scp build.tgz deploy@web1.acme.io:/srv/", []string{"web1.acme.io|"}},
		{"rsync -az -e ssh ./dist/ deploy@web2.acme.io:/srv/app", []string{"web2.acme.io|"}},
		{"nc -zv db.acme.io 5432", []string{"db.acme.io|"}},
		{"/usr/bin/psql -h pg.acme.io\nmysql -h my.acme.io", []string{"pg.acme.io|", "my.acme.io|"}},
		// Not hosts.
		{"df -h /var && sort -h sizes.txt", nil},
		{"psql -h $DB_HOST", nil},
		{"ls -la", nil},
		{"", nil},
	}
	for _, c := range cases {
		var got []string
		r := []rune(c.cmd)
		for _, e := range CommandEndpoints(c.cmd) {
			got = append(got, e.Host+"|"+e.Port)
			if normalHost(string(r[e.Offset:e.Offset+e.Len])) != e.Host {
				t.Errorf("%q: span %d+%d does not locate %s", c.cmd, e.Offset, e.Len, e.Host)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("CommandEndpoints(%q) = %q, want %q", c.cmd, got, c.want)
		}
	}
}
