#!/usr/bin/ruby
# Peer for scripts/bench: ruby-saml (Debian ruby-saml) validating every base64 response of a
# file, one per line, in one process. Prints 'validated N valid V seconds S'.
require 'onelogin/ruby-saml'

lines_path, cert_path = ARGV
settings = OneLogin::RubySaml::Settings.new
settings.sp_entity_id = 'https://sp.example.com/saml/metadata'
settings.assertion_consumer_service_url = 'https://sp.example.com/saml/acs'
settings.idp_entity_id = 'https://idp.example.com/saml2'
settings.idp_cert = File.read(cert_path)
lines = File.readlines(lines_path).map(&:strip).reject(&:empty?)
valid = 0
last = nil
start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
lines.each do |b64|
  response = OneLogin::RubySaml::Response.new(b64, settings: settings, matches_request_id: '_req-4f3a9c2e1b')
  if response.is_valid?
    valid += 1
  else
    last = response.errors
  end
end
elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - start
puts format('validated %d valid %d seconds %.3f', lines.size, valid, elapsed)
warn "last errors: #{last.inspect}" if valid.zero?
