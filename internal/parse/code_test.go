package parse

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// TestRuby reads the assignments of a Rails environment file: literals
// by their target path, references for everything else, nothing from a
// method body, comments or heredocs, and a guard for
// `if Rails.env.production?`.
func TestRuby(t *testing.T) {
	src := `require "active_support"
=begin
config.commented = "never"
=end
Rails.application.configure do
  # config.comment = "never"
  config.cache_classes = true
  config.action_mailer.default_url_options = { host: "shop.acme.io", :protocol => 'https' }
  config.action_mailer.smtp_settings = {
    address: "smtp.acme.io",
    password: ENV.fetch("SMTP_PASSWORD", "dev-pw"),
    "port": 587,
  }.freeze
  config.cache_store = :redis_cache_store, { url: ENV["REDIS_URL"] }
  config.asset_host = "https://cdn.#{domain}"
  config.hosts << "not.an.assignment"
  config.x.list = %w[a b]
  ActionMailer::Base.delivery_method = :smtp
  SETTINGS[:region] = 'eu-west-1'
  config.banner = <<~TEXT
    config.inside = "heredoc"
  TEXT
  if Rails.env.production?
    config.force_ssl = true
  elsif Rails.env.staging?
    config.log_level = :debug
  else
    config.force_ssl = false
  end
  if Rails.env.production? || Rails.env.staging?
    config.either = 1
  end
  if ENV["RAILS_ENV"] == "production"
    config.by_variable = true
  end
  if ENV["API_TOKEN"] == "prod-Tok3n-99"
    config.not_a_guard = true
  end
  def helper
    config.in_method = "code"
  end
  config.after = 'it\'s'
end
`
	doc, err := Parse(source.Ruby, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"config.cache_classes":                              "true",
		"config.action_mailer.default_url_options.host":     "shop.acme.io",
		"config.action_mailer.default_url_options.protocol": "https",
		"config.action_mailer.smtp_settings.address":        "smtp.acme.io",
		"config.action_mailer.smtp_settings.password":       `${ENV.fetch("SMTP_PASSWORD", "dev-pw")}`,
		"config.action_mailer.smtp_settings.port":           "587",
		"config.cache_store":                                "redis_cache_store",
		"config.cache_store.1.url":                          `${ENV["REDIS_URL"]}`,
		"config.asset_host":                                 `${"https://cdn.#{domain}"}`,
		"config.x.list":                                     "${%w[a b]}",
		"ActionMailer.Base.delivery_method":                 "smtp",
		"SETTINGS.region":                                   "eu-west-1",
		"config.force_ssl":                                  "false", // the later, unguarded one wins the map
		"config.log_level":                                  "debug",
		"config.either":                                     "1",
		"config.by_variable":                                "true",
		"config.not_a_guard":                                "true",
		"config.after":                                      "it's",
	})
	guards := map[string]string{}
	for _, e := range doc.Entries {
		if e.Guard > 0 {
			guards[strings.Join(e.Path, ".")+"="+e.Value.Reveal()] = doc.Guards[e.Guard-1].Env
		}
	}
	// A condition that quotes another literal is no guard: its text would
	// become a section name.
	want := map[string]string{"config.force_ssl=true": "production", "config.log_level=debug": "staging", "config.by_variable=true": "production"}
	if len(guards) != len(want) {
		t.Errorf("guarded entries %v, want %v", guards, want)
	}
	for k, v := range want {
		if guards[k] != v {
			t.Errorf("guard of %s = %q, want %q", k, guards[k], v)
		}
	}
}

// TestElixir reads config calls, keyword lists, maps and tuples, runtime
// variables, and the guard of `if config_env() == :prod do`.
func TestElixir(t *testing.T) {
	src := `import Config

# config :app, commented: "never"
config :shop, Shop.Repo,
  username: "postgres",
  password: System.get_env("DB_PASSWORD", "postgres"),
  pool_size: 10

config :shop, ShopWeb.Endpoint, url: [host: "shop.acme.io", port: 443], secret_key_base: "#{base}x"
config :logger, level: :info
config(:shop, :features, flags: %{"beta" => true, tuple: {:a, "b"}}, sigil: ~s(x))
doc = """
config :shop, inside: "heredoc"
"""

if config_env() == :prod do
  database_url = System.get_env("DATABASE_URL") || "ecto://localhost/shop"
  config :shop, Shop.Mailer, relay: "smtp.acme.io"
else
  config :shop, Shop.Mailer, relay: "localhost"
end

if config_env() in [:prod, :staging] do
  config :shop, both: true
end

defmodule Helper do
  def x do
    y = "code"
  end
end
`
	doc, err := Parse(source.Elixir, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"shop.Shop.Repo.username":               "postgres",
		"shop.Shop.Repo.password":               `${System.get_env("DB_PASSWORD", "postgres")}`,
		"shop.Shop.Repo.pool_size":              "10",
		"shop.ShopWeb.Endpoint.url.host":        "shop.acme.io",
		"shop.ShopWeb.Endpoint.url.port":        "443",
		"shop.ShopWeb.Endpoint.secret_key_base": `${"#{base}x"}`,
		"logger.level":                          "info",
		"shop.features.flags.beta":              "true",
		"shop.features.flags.tuple.0":           "a",
		"shop.features.flags.tuple.1":           "b",
		"shop.features.sigil":                   "${~s(x)}",
		"doc":                                   "config :shop, inside: \"heredoc\"\n",
		"database_url":                          `${System.get_env("DATABASE_URL") || "ecto://localhost/shop"}`,
		"shop.Shop.Mailer.relay":                "localhost",
		"shop.both":                             "true",
	})
	var guarded []string
	for _, e := range doc.Entries {
		if e.Guard > 0 {
			guarded = append(guarded, strings.Join(e.Path, ".")+"="+e.Value.Reveal()+"@"+doc.Guards[e.Guard-1].Env)
		}
	}
	if strings.Join(guarded, " ") != `database_url=${System.get_env("DATABASE_URL") || "ecto://localhost/shop"}@prod shop.Shop.Mailer.relay=smtp.acme.io@prod` {
		t.Errorf("guarded entries: %v", guarded)
	}
}

// TestPHP reads a Laravel config array, assignments, constants and
// define(), with env() calls as references and comments and heredocs
// skipped.
func TestPHP(t *testing.T) {
	src := `<?php

use Illuminate\Support\Str;

define('DB_PASSWORD', 'wp-secret');
const API_URL = 'https://api.acme.io';
$config['db']['host'] = "db.acme.io";
if ($debug) {
    $settings['hash_salt'] = 'salt-in-block';
}

return [
    // 'commented' => 'never',
    # 'hashed' => 'never',
    /* 'block' => 'never', */
    'default' => env('DB_CONNECTION', 'mysql'),
    'connections' => [
        'mysql' => [
            'password' => env('DB_PASSWORD', 'secret'),
            'prefix' => '',
            'port' => 3306,
            'options' => extension_loaded('pdo_mysql') ? array_filter([
                PDO::MYSQL_ATTR_SSL_CA => env('MYSQL_ATTR_SSL_CA'),
            ]) : [],
        ],
    ],
    'redis' => array(
        'client' => "phpredis",
        'prefix' => "app_$name",
        'url' => 'redis://' . $host,
        'list' => ['a', 'b'],
    ),
    'text' => <<<EOT
      'inside' => 'heredoc'
      EOT,
    'escaped' => 'it\'s \n',
    'null' => null,
];
`
	doc, err := Parse(source.PHP, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"DB_PASSWORD":                "wp-secret",
		"API_URL":                    "https://api.acme.io",
		"config.db.host":             "db.acme.io",
		"settings.hash_salt":         "salt-in-block",
		"default":                    "${env('DB_CONNECTION', 'mysql')}",
		"connections.mysql.password": "${env('DB_PASSWORD', 'secret')}",
		"connections.mysql.prefix":   "",
		"connections.mysql.port":     "3306",
		"redis.client":               "phpredis",
		"redis.prefix":               `${"app_$name"}`,
		"redis.url":                  "${'redis://' . $host}",
		"redis.list.0":               "a",
		"redis.list.1":               "b",
		"escaped":                    `it's \n`,
		"null":                       "",
	})
}

// TestDockerfile reads ENV (both forms) and ARG defaults by stage, and
// nothing from comments or heredoc bodies.
func TestDockerfile(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\n" +
		"ARG NODE_VERSION=20\n" +
		"ARG NPM_TOKEN\n" +
		"FROM node:${NODE_VERSION} AS base\n" +
		"ENV APP_HOME=/app \\\n    API_URL=\"https://api.acme.io/v1\" NODE_ENV=production\n" +
		"# ENV COMMENTED=never\n" +
		"ENV LEGACY_KEY some value here\n" +
		"FROM base as dev\n" +
		"ENV DATABASE_URL=postgres://app@db:5432/app\n" +
		"RUN <<EOF\nENV IN_HEREDOC=never\nEOF\n" +
		"RUN echo $((1<<2))\nENV AFTER_SHIFT=read\n" +
		"FROM base AS production\n" +
		"ENV DATABASE_URL=${DATABASE_URL}\n" +
		"  env lower=case ESCAPED=a\\ b Q=\"x \\\"y\\\"\"\n"
	doc, err := Parse(source.Dockerfile, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"NODE_VERSION": "20", "base.APP_HOME": "/app", "base.API_URL": "https://api.acme.io/v1",
		"base.NODE_ENV": "production", "base.LEGACY_KEY": "some value here",
		"dev.DATABASE_URL": "postgres://app@db:5432/app", "dev.AFTER_SHIFT": "read", "production.DATABASE_URL": "${DATABASE_URL}",
		"production.lower": "case", "production.ESCAPED": "a b", "production.Q": `x "y"`,
	})
	for _, e := range doc.Entries {
		if e.Key() == "API_URL" && (e.Range.Start != Pos{Line: 6, Col: 13} || !e.Quoted) {
			t.Errorf("API_URL range %+v quoted %v", e.Range, e.Quoted)
		}
	}
}

// TestCodeReadersStopAtBounds: nesting past the bound ends the parse in
// a Limit error, never a stack overflow.
func TestCodeReadersStopAtBounds(t *testing.T) {
	for kind, src := range map[source.Kind]string{
		source.Ruby:   "x = " + strings.Repeat("[", 300) + "1" + strings.Repeat("]", 300) + "\n",
		source.Elixir: "config :a, b: " + strings.Repeat("[", 300) + "1" + strings.Repeat("]", 300) + "\n",
		source.PHP:    "<?php return " + strings.Repeat("[", 300) + "1" + strings.Repeat("]", 300) + ";\n",
	} {
		_, err := Parse(kind, []byte(src))
		if !isLimit(err) {
			t.Errorf("%v: %v, want a limit error", kind, err)
		}
	}
}
