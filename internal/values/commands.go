package values

import (
	"path"
	"strings"
)

// hostFlagClients are command-line clients whose -h, --host, --hostname or
// --server flag names the server they connect to. Elsewhere -h is often
// "help" or "human-readable" (df -h, sort -h), so only these count.
var hostFlagClients = map[string]bool{
	"psql": true, "pg_dump": true, "pg_dumpall": true, "pg_restore": true, "pg_isready": true, "pg_basebackup": true,
	"createdb": true, "dropdb": true, "createuser": true, "vacuumdb": true, "pgbench": true, "mysql": true,
	"mysqldump": true, "mysqladmin": true, "mysqlimport": true, "mysqlsh": true, "mariadb": true,
	"mariadb-dump": true, "redis-cli": true, "valkey-cli": true, "mongo": true, "mongosh": true,
	"mongodump": true, "mongorestore": true, "mongoexport": true, "mongoimport": true, "clickhouse-client": true,
	"cqlsh": true, "sqlcmd": true, "bcp": true, "influx": true, "rabbitmqadmin": true, "memtier_benchmark": true,
	"liquibase": true, "flyway": true, "kcat": true, "kafkacat": true, "nats": true, "etcdctl": true,
}

// remoteClients take their target as the first operand: ssh [user@]host,
// scp/rsync/sftp [user@]host:path, nc/telnet host port.
var remoteClients = map[string]bool{"ssh": true, "scp": true, "sftp": true, "rsync": true, "nc": true, "ncat": true, "telnet": true, "mosh": true}

// sshOptionsWithArg are the ssh, scp, sftp and rsync short options that
// take an argument: their argument is not the target.
const sshOptionsWithArg = "bcDEeFIiJLlmOoPpQRSWw"

// CommandEndpoints returns the hosts a command line reaches: URLs and
// connection strings in it (curl https://…, mongosh "mongodb+srv://…",
// psql "host=… port=…"), the -h/--host/--hostname/--server flags of
// database and queue clients (psql -h h, mysql --host=h, mysql -hh,
// redis-cli -h h, sqlcmd -S tcp:h,1433), *HOST=h assignments before a
// command, and the targets of ssh, scp, sftp, rsync, nc and telnet
// (ssh user@host, ssh -J jump host, scp f host:/p).
func CommandEndpoints(cmd string) []Endpoint {
	if cmd == "" || len(cmd) > maxEndpointValue {
		return nil
	}
	e := &endpointCollector{raw: cmd}
	e.scan("", cmd, 0)
	for _, seg := range commandSegments(cmd) {
		e.command(seg)
	}
	return e.out
}

// word is a shell word and its byte offset in the command line.
type word struct {
	text string
	at   int
}

// command reads the host-naming words of one simple command.
func (e *endpointCollector) command(words []word) {
	for i, w := range words {
		if name, value, ok := strings.Cut(w.text, "="); ok && !strings.HasPrefix(name, "-") && isHostKey(name) {
			e.bare(value, w.at+len(name)+1)
			continue
		}
		client := path.Base(w.text)
		switch {
		case hostFlagClients[client]:
			e.hostFlags(words[i+1:])
			return
		case remoteClients[client]:
			e.remoteTarget(client, words[i+1:])
			return
		}
	}
}

// hostFlags reads -h h, -hh, --host h, --host=h, --hostname, --server and,
// for SQL Server tools, -S.
func (e *endpointCollector) hostFlags(args []word) {
	for i, a := range args {
		var value word
		switch {
		case a.text == "-h" || a.text == "--host" || a.text == "--hostname" || a.text == "--server" || a.text == "-S":
			if i+1 < len(args) {
				value = args[i+1]
			}
		case strings.HasPrefix(a.text, "--host=") || strings.HasPrefix(a.text, "--hostname=") || strings.HasPrefix(a.text, "--server="):
			eq := strings.IndexByte(a.text, '=') + 1
			value = word{a.text[eq:], a.at + eq}
			if eq == len(a.text) && i+1 < len(args) { // --host="h": the quotes split the word
				value = args[i+1]
			}
		case strings.HasPrefix(a.text, "-h") && len(a.text) > 2 && a.text[2] != '-':
			value = word{a.text[2:], a.at + 2}
		default:
			continue
		}
		e.flagValue(value)
	}
}

// flagValue reads a host flag's argument: h, h:port, tcp:h,port.
func (e *endpointCollector) flagValue(w word) {
	text, at := w.text, w.at
	for _, p := range []string{"tcp:", "np:", "lpc:"} {
		if strings.HasPrefix(text, p) {
			text, at = text[len(p):], at+len(p)
		}
	}
	host, port, _ := strings.Cut(text, ",")
	h, p, off := splitHostPort(host)
	if p == "" {
		p = port
	}
	e.add(h, p, "", at+off, true)
}

// remoteTarget reads the target of ssh-like and nc-like clients.
func (e *endpointCollector) remoteTarget(client string, args []word) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a.text, "-") {
			if a.text == "-J" && i+1 < len(args) { // ssh -J user@jump
				e.userHost(args[i+1])
			}
			if len(a.text) == 2 && strings.IndexByte(sshOptionsWithArg, a.text[1]) >= 0 {
				i++
			}
			continue
		}
		switch client {
		case "scp", "rsync":
			if colon := strings.IndexByte(a.text, ':'); colon > 0 && !strings.Contains(a.text[:colon], "/") {
				e.userHost(word{a.text[:colon], a.at})
			}
			continue // every operand may be remote
		case "nc", "ncat", "telnet":
			e.add(a.text, "", "", a.at, true)
		default:
			e.userHost(a)
		}
		return
	}
}

// userHost reads [user@]host.
func (e *endpointCollector) userHost(w word) {
	text, at := w.text, w.at
	if i := strings.LastIndexByte(text, '@'); i >= 0 {
		text, at = text[i+1:], at+i+1
	}
	h, p, off := splitHostPort(text)
	e.add(h, p, "", at+off, true)
}

// commandSegments splits a command line into simple commands at ; & | and
// newlines, and each command into words. Quotes group words and are
// dropped; the offsets point into the original line.
func commandSegments(cmd string) [][]word {
	var segs [][]word
	var cur []word
	start, quote := -1, byte(0)
	flush := func(end int) {
		if start >= 0 && end > start {
			cur = append(cur, word{cmd[start:end], start})
		}
		start = -1
	}
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case quote != 0:
			if c == quote {
				flush(i)
				quote = 0
			}
		case c == '"' || c == '\'':
			flush(i)
			quote, start = c, i+1
		case c == ' ' || c == '\t' || c == '\\':
			flush(i)
		case c == ';' || c == '&' || c == '|' || c == '\n' || c == '(' || c == ')':
			flush(i)
			if len(cur) > 0 {
				segs = append(segs, cur)
				cur = nil
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(cmd))
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	return segs
}
