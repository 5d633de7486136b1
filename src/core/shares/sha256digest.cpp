#include "sha256digest.h"

#include <openssl/evp.h>

namespace Sluice {

Sha256Digest::Sha256Digest()
    : m_context(EVP_MD_CTX_new())
{
    // Only fails without memory, which Qt does not survive either.
    Q_CHECK_PTR(m_context);
    EVP_DigestInit_ex(m_context, EVP_sha256(), nullptr);
}

Sha256Digest::~Sha256Digest()
{
    EVP_MD_CTX_free(m_context);
}

void Sha256Digest::addData(QByteArrayView bytes)
{
    EVP_DigestUpdate(m_context, bytes.data(), size_t(bytes.size()));
}

QByteArray Sha256Digest::result()
{
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context, reinterpret_cast<unsigned char *>(digest.data()), &length);
    digest.resize(length);
    return digest;
}

} // namespace Sluice
