// A throwaway self-signed certificate made at run time (demo's RTMPS row),
// so that nothing has to be prepared with openssl beforehand.
#ifndef RTMP_HS_TOOLS_TLS_SELF_SIGNED_H_
#define RTMP_HS_TOOLS_TLS_SELF_SIGNED_H_

#include <string>

namespace rtmphs::cli {

// An ECDSA P-256 key and a certificate for CN=name signed by it, valid from
// a day ago to a day from now, both PEM. false with *error on failure.
bool MakeSelfSignedCertificate(const std::string &name, std::string *cert_pem,
                               std::string *key_pem, std::string *error);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_TLS_SELF_SIGNED_H_
