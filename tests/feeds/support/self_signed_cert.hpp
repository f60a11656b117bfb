// SPDX-License-Identifier: MIT
#pragma once
// A throwaway self-signed certificate for 127.0.0.1, made at test time with the OpenSSL API
// (P-256 key, valid for one hour, subjectAltName IP:127.0.0.1, CA:TRUE so that it can be its
// own trust anchor). Written as PEM into a fresh temporary directory that the object removes.
// Header-only test support, like test_http_server.hpp. Throws std::runtime_error on failure.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tests/feeds/support/test_http_server.hpp"

namespace newswatch::test {

class SelfSignedCert {
 public:
  SelfSignedCert() {
    std::string templ = (std::filesystem::temp_directory_path() / "newswatch-tls-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    identity_ = {(dir_ / "cert.pem").string(), (dir_ / "key.pem").string()};

    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert) throw std::runtime_error("OpenSSL: key or certificate allocation failed");
    X509* x = cert.get();
    X509_set_version(x, 2);  // v3
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key.get());
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("newswatch test 127.0.0.1"), -1,
                               -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    const std::pair<int, const char*> extensions[] = {
        {NID_basic_constraints, "critical,CA:TRUE"},
        {NID_key_usage, "critical,digitalSignature,keyCertSign"},
        {NID_subject_alt_name, "IP:127.0.0.1"},
        {NID_subject_key_identifier, "hash"},
    };
    for (const auto& [nid, value] : extensions) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      if (!ext) throw std::runtime_error("OpenSSL: bad extension");
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    }
    if (X509_sign(x, key.get(), EVP_sha256()) == 0) throw std::runtime_error("OpenSSL: signing failed");

    write_pem(identity_.cert_file, [&](FILE* f) { return PEM_write_X509(f, x); });
    write_pem(identity_.key_file, [&](FILE* f) {
      return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
  }

  ~SelfSignedCert() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  SelfSignedCert(const SelfSignedCert&) = delete;
  SelfSignedCert& operator=(const SelfSignedCert&) = delete;

  // For TestHttpServer; cert_file is also the CA file a client must trust.
  const TlsIdentity& identity() const { return identity_; }
  const std::string& ca_file() const { return identity_.cert_file; }

 private:
  template <class Write>
  static void write_pem(const std::string& path, Write write) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + path);
    const int ok = write(f);
    std::fclose(f);
    if (ok == 0) throw std::runtime_error("OpenSSL: cannot write " + path);
  }

  std::filesystem::path dir_;
  TlsIdentity identity_;
};

}  // namespace newswatch::test
