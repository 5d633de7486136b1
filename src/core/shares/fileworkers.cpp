#include "fileworkers.h"

#include <QMutex>
#include <QThreadPool>

namespace Sluice {
namespace {

// At exit, running jobs get this long; one stuck in a hung mount never returns.
constexpr int shutdownWaitMs = 2'000;
// Each pool thread holds an eventfd for its event dispatcher: idle ones leave after this long,
// so an idle server holds no more descriptors than before its last download.
constexpr int idleThreadLifetimeMs = 3'000;

} // namespace

struct FileWorkers::Mailbox
{
    QMutex mutex;
    FileWorkers *owner = nullptr;
};

FileWorkers::FileWorkers(QObject *parent)
    : QObject(parent)
    , m_pool(std::make_unique<QThreadPool>())
    , m_mailbox(std::make_shared<Mailbox>())
{
    m_pool->setMaxThreadCount(threadCount);
    m_pool->setExpiryTimeout(idleThreadLifetimeMs);
    m_pool->setObjectName(QStringLiteral("sluice file workers"));
    m_mailbox->owner = this;
}

FileWorkers::~FileWorkers()
{
    {
        QMutexLocker locker(&m_mailbox->mutex);
        m_mailbox->owner = nullptr; // answers from now on are dropped
    }
    m_pool->clear();
    if (!m_pool->waitForDone(shutdownWaitMs)) {
        // A thread blocked in a hung file system cannot be joined: the pool is left to it
        // rather than freezing the exit.
        (void)m_pool.release();
    }
}

void FileWorkers::run(quint64 device, std::function<void()> work, QObject *context,
                      std::function<void()> done)
{
    DeviceQueue &queue = m_devices[device];
    Job job {std::move(work), QPointer<QObject>(context), std::move(done)};
    if (queue.running >= perDeviceLimit) {
        queue.waiting.push_back(std::move(job));
        return;
    }
    startJob(device, std::move(job));
}

void FileWorkers::startJob(quint64 device, Job job)
{
    ++m_devices[device].running;
    auto shared = std::make_shared<Job>(std::move(job));
    m_pool->start([mailbox = m_mailbox, device, shared]() mutable {
        shared->work();
        shared->work = {}; // its captures go here, before the loop can see the answer
        QMutexLocker locker(&mailbox->mutex);
        if (!mailbox->owner)
            return;
        QMetaObject::invokeMethod(
            mailbox->owner,
            [owner = mailbox->owner, device, shared = std::move(shared)] {
                if (shared->context)
                    shared->done();
                shared->done = {};
                owner->handleJobDone(device);
            },
            Qt::QueuedConnection);
    });
}

void FileWorkers::handleJobDone(quint64 device)
{
    auto it = m_devices.find(device);
    if (it == m_devices.end())
        return;
    --it->running;
    if (!it->waiting.empty()) {
        Job next = std::move(it->waiting.front());
        it->waiting.pop_front();
        startJob(device, std::move(next));
    } else if (it->running == 0) {
        m_devices.erase(it);
    }
}

} // namespace Sluice
