#include "fileworkers.h"

#include <deque>
#include <sys/resource.h>
#include <unistd.h>

#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QThreadPool>

namespace Sluice {
namespace {

// At exit, running jobs get this long; one stuck in a hung mount never returns.
constexpr int shutdownWaitMs = 2'000;
// Each pool thread holds an eventfd for its event dispatcher: idle ones leave after this long,
// so an idle server holds no more descriptors than before its last download.
constexpr int idleThreadLifetimeMs = 3'000;
constexpr int workerNiceness = 10;

struct Job
{
    std::function<void()> work;
    QPointer<QObject> context; // only looked at on the loop
    std::function<void()> done;
};

struct DeviceQueue
{
    int running = 0;
    std::deque<std::shared_ptr<Job>> waiting;
};

} // namespace

struct FileWorkers::State
{
    QMutex mutex;
    FileWorkers *owner = nullptr; // null once the object is gone: answers are dropped
    QHash<quint64, DeviceQueue> devices;

    // Runs the device's jobs until its queue is empty; on a pool thread.
    void drain(quint64 device)
    {
        // Workers yield the CPU to the event loop: on a 2-core machine, four threads copying
        // cold chunks beside the clients otherwise leave the loop waiting for a core (the
        // loop skips a connection whose chunk is late; a late loop delays every connection).
        thread_local const bool niced
            = ::setpriority(PRIO_PROCESS, ::gettid(), workerNiceness) == 0;
        Q_UNUSED(niced)
        QMutexLocker locker(&mutex);
        for (;;) {
            DeviceQueue &queue = devices[device];
            if (queue.waiting.empty() || !owner) {
                if (--queue.running == 0 && queue.waiting.empty())
                    devices.remove(device);
                return;
            }
            std::shared_ptr<Job> job = std::move(queue.waiting.front());
            queue.waiting.pop_front();
            locker.unlock();
            job->work();
            job->work = {}; // its captures go here, before the loop can see the answer
            locker.relock();
            if (owner) {
                QMetaObject::invokeMethod(
                    owner,
                    [job = std::move(job)] {
                        if (job->context)
                            job->done();
                        job->done = {};
                    },
                    Qt::QueuedConnection);
            }
        }
    }
};

FileWorkers::FileWorkers(QObject *parent)
    : QObject(parent)
    , m_pool(std::make_unique<QThreadPool>())
    , m_state(std::make_shared<State>())
{
    m_pool->setMaxThreadCount(threadCount);
    m_pool->setExpiryTimeout(idleThreadLifetimeMs);
    m_pool->setObjectName(QStringLiteral("sluice file workers"));
    m_state->owner = this;
}

FileWorkers::~FileWorkers()
{
    {
        QMutexLocker locker(&m_state->mutex);
        m_state->owner = nullptr; // workers stop taking jobs, and answers are dropped
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
    auto job
        = std::make_shared<Job>(Job {std::move(work), QPointer<QObject>(context), std::move(done)});
    QMutexLocker locker(&m_state->mutex);
    DeviceQueue &queue = m_state->devices[device];
    queue.waiting.push_back(std::move(job));
    if (queue.running >= perDeviceLimit)
        return; // a running worker of this device takes it
    ++queue.running;
    locker.unlock();
    m_pool->start([state = m_state, device] { state->drain(device); });
}

} // namespace Sluice
