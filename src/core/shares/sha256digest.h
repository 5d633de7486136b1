#pragma once

#include <QByteArray>
#include <QByteArrayView>

struct evp_md_ctx_st;

namespace Sluice {

// SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA extensions where it has them
// (about ten times QCryptographicHash's speed on such a CPU), so a share is hashed at about the
// disk's speed.
class Sha256Digest
{
public:
    Sha256Digest();
    ~Sha256Digest();
    Sha256Digest(const Sha256Digest &) = delete;
    Sha256Digest &operator=(const Sha256Digest &) = delete;

    void addData(QByteArrayView bytes);
    // The 32-byte digest of everything added; call once.
    QByteArray result();

private:
    evp_md_ctx_st *m_context;
};

} // namespace Sluice
