#include "sharehasher.h"

#include <atomic>

#include <QLoggingCategory>

#include "fileworkers.h"
#include "hashcache.h"
#include "hashpass.h"

Q_LOGGING_CATEGORY(lcHashing, "sluice.hashing", QtInfoMsg)

namespace Sluice {

// One share's pass, shared between the loop and the worker running its current slice.
struct ShareHasher::Run
{
    Run(const QByteArray &encodedPath, const BlobIdentity &identity)
        : pass(encodedPath, identity)
    {
    }
    HashPass pass; // touched by one slice at a time, on a worker
    std::atomic<bool> cancelled = false;
    // Written by the slice, read by the loop after its answer.
    bool cacheLooked = false;
    QByteArray cachedDigest;
    HashPass::Step lastStep = HashPass::Step::More;
    qint64 bytesRead = 0;
};

ShareHasher::ShareHasher(FileWorkers &workers, std::shared_ptr<HashCache> cache, QObject *parent)
    : QObject(parent)
    , m_workers(workers)
    , m_cache(std::move(cache))
{
}

ShareHasher::~ShareHasher()
{
    for (const auto &run : std::as_const(m_runs))
        run->cancelled = true;
}

void ShareHasher::start(const QByteArray &token, const QByteArray &encodedPath,
                        const BlobIdentity &identity)
{
    cancel(token);
    auto run = std::make_shared<Run>(encodedPath, identity);
    m_runs.insert(token, run);
    runSlice(token, run);
}

void ShareHasher::cancel(const QByteArray &token)
{
    if (const std::shared_ptr<Run> run = m_runs.take(token))
        run->cancelled = true; // its slice under way finishes; the next one does not start
}

bool ShareHasher::isHashing(const QByteArray &token, const BlobIdentity &identity) const
{
    const auto it = m_runs.constFind(token);
    return it != m_runs.cend() && (*it)->pass.identity().sameFileAndContent(identity);
}

void ShareHasher::runSlice(const QByteArray &token, const std::shared_ptr<Run> &run)
{
    m_workers.run(
        run->pass.identity().device,
        [run, cache = m_cache] {
            if (run->cancelled) {
                run->pass.close(); // here, off the loop: close(2) may wait on the file system
                return;
            }
            if (!run->cacheLooked) {
                run->cacheLooked = true;
                if (const auto digest = cache->find(run->pass.identity())) {
                    run->cachedDigest = *digest;
                    return;
                }
            }
            run->lastStep = run->pass.step(sliceBytes);
            run->bytesRead = run->pass.bytesRead();
            if (run->lastStep == HashPass::Step::Done)
                cache->store(run->pass.identity(), run->pass.sha256());
        },
        this, [this, token, run] { handleSlice(token, run); });
}

void ShareHasher::handleSlice(const QByteArray &token, const std::shared_ptr<Run> &run)
{
    if (run->cancelled || m_runs.value(token) != run)
        return;
    const BlobIdentity identity = run->pass.identity();
    if (!run->cachedDigest.isEmpty()) {
        m_runs.remove(token);
        Q_EMIT hashed(token, identity, run->cachedDigest);
        return;
    }
    switch (run->lastStep) {
    case HashPass::Step::More:
        Q_EMIT progressed(token, run->bytesRead);
        runSlice(token, run);
        return;
    case HashPass::Step::Done:
        m_runs.remove(token);
        Q_EMIT hashed(token, identity, run->pass.sha256());
        return;
    case HashPass::Step::Changed:
    case HashPass::Step::Failed:
        qCDebug(lcHashing, "hashing %s stopped: the file changed or could not be read",
                token.constData());
        m_runs.remove(token);
        Q_EMIT abandoned(token, identity);
        return;
    }
}

} // namespace Sluice
