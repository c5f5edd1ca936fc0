#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/data/tls/make-certs.sh: the certificates test-store's TLS cases use
# (a throwaway PostgreSQL server with TLS, build-aux/pg-throwaway with
# PG_THROWAWAY_TLS). Test material only: these keys are public.
#
#   ca.crt           a CA the tests trust (sslrootcert)
#   server.crt/.key  the server's certificate, for db.turnout.test only,
#                    signed by that CA
#   other-ca.crt     a CA that signed nothing the server shows
#
# Valid for a hundred years; run again (openssl) to make new ones.
set -eu
cd "$(dirname "$0")"
days=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days \
  -subj "/CN=Turnout test CA" -keyout "$tmp/ca.key" -out ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days \
  -subj "/CN=Another test CA" -keyout "$tmp/other-ca.key" -out other-ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=db.turnout.test" -keyout server.key -out "$tmp/server.csr"
printf 'subjectAltName=DNS:db.turnout.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$tmp/ext"
openssl x509 -req -in "$tmp/server.csr" -CA ca.crt -CAkey "$tmp/ca.key" -CAcreateserial \
  -days $days -extfile "$tmp/ext" -out server.crt
rm -f ca.srl
chmod 600 server.key
