"""Throwaway certificates for the TLS matrix, made with the openssl command line.

One set, generated once per run into a directory:

  ca.crt / ca.key                    the CA the tests trust (--root-cert)
  untrusted-ca.crt / .key            a second CA nobody is told to trust
  server.crt / .key                  CN=localhost, SAN DNS:localhost, IP:127.0.0.1, by the CA
  server-untrusted.crt / .key        the same names, by the untrusted CA
  server-other.crt / .key            CN=other.example, SAN DNS:other.example, by the CA
  client.crt / .key                  CN=postgres (the user the tests connect as), by the CA
  client-untrusted.crt / .key        CN=postgres, by the untrusted CA

Keys are EC P-256 (fast to make and to handshake) with mode 0600. Run alone,
`python3 certs.py DIR` writes the set into DIR.
"""

import os
import subprocess
import sys

# The user every cell connects as: the client certificates are issued for it
# (cert authentication and clientcert=verify-full compare the CN with it).
USER = "postgres"
SERVER_NAME = "localhost"
OTHER_NAME = "other.example"

CA_EXT = """[req]
distinguished_name = dn
[dn]
[v3]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""

LEAF_EXT = """[req]
distinguished_name = dn
[dn]
[v3]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = {usage}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
{san}"""


def _openssl(*args, cwd):
    p = subprocess.run(["openssl"] + list(args), cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("openssl " + " ".join(args) + " failed:\n" + p.stderr)


def _key(name, cwd):
    path = name + ".key"
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-out", path, cwd=cwd)
    os.chmod(os.path.join(cwd, path), 0o600)
    return path


def _ca(name, cn, cwd):
    key = _key(name, cwd)
    with open(os.path.join(cwd, name + ".ext"), "w") as f:
        f.write(CA_EXT)
    _openssl("req", "-new", "-x509", "-key", key, "-out", name + ".crt", "-days", "3650",
             "-subj", "/CN=" + cn, "-config", name + ".ext", "-extensions", "v3", cwd=cwd)


def _leaf(name, cn, ca, usage, san, cwd):
    key = _key(name, cwd)
    with open(os.path.join(cwd, name + ".ext"), "w") as f:
        f.write(LEAF_EXT.format(usage=usage, san=("subjectAltName = " + san + "\n") if san else ""))
    _openssl("req", "-new", "-key", key, "-out", name + ".csr", "-subj", "/CN=" + cn,
             "-config", name + ".ext", cwd=cwd)
    _openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
             "-set_serial", "0x" + os.urandom(8).hex(), "-days", "3650", "-out", name + ".crt",
             "-extfile", name + ".ext", "-extensions", "v3", cwd=cwd)
    os.remove(os.path.join(cwd, name + ".csr"))


def generate(directory):
    """Writes the set into `directory`; returns {name: absolute path of name.crt/.key}."""
    os.makedirs(directory, exist_ok=True)
    old_umask = os.umask(0o077)  # no key is ever readable by others, even for a moment
    try:
        _make_all(directory)
    finally:
        os.umask(old_umask)
    for f in os.listdir(directory):
        if f.endswith(".crt"):
            os.chmod(os.path.join(directory, f), 0o644)
    return CertSet(directory)


def _make_all(directory):
    _ca("ca", "pg_preflight test CA", directory)
    _ca("untrusted-ca", "pg_preflight untrusted CA", directory)
    local_san = "DNS:" + SERVER_NAME + ", IP:127.0.0.1"
    _leaf("server", SERVER_NAME, "ca", "serverAuth", local_san, directory)
    _leaf("server-untrusted", SERVER_NAME, "untrusted-ca", "serverAuth", local_san, directory)
    _leaf("server-other", OTHER_NAME, "ca", "serverAuth", "DNS:" + OTHER_NAME, directory)
    _leaf("client", USER, "ca", "clientAuth", None, directory)
    _leaf("client-untrusted", USER, "untrusted-ca", "clientAuth", None, directory)
    for f in os.listdir(directory):
        if f.endswith(".ext"):
            os.remove(os.path.join(directory, f))


class CertSet:
    """Paths of one generated set: certs.crt("server"), certs.key("client")."""

    def __init__(self, directory):
        self.dir = os.path.abspath(directory)

    def crt(self, name):
        return os.path.join(self.dir, name + ".crt")

    def key(self, name):
        return os.path.join(self.dir, name + ".key")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: certs.py DIR")
    s = generate(sys.argv[1])
    for f in sorted(os.listdir(s.dir)):
        print(os.path.join(s.dir, f))
