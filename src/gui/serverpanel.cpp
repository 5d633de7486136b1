#include "serverpanel.h"

#include <QLoggingCategory>
#include <QPushButton>
#include <QScopedValueRollback>

#include "appsettings.h"
#include "commandline.h"
#include "destructiveprompt.h"
#include "engine.h"
#include "portprobe.h"
#include "servedlinks.h"
#include "ui_serverpanel.h"

Q_DECLARE_LOGGING_CATEGORY(lcGui)

namespace Sluice {
namespace {

constexpr qint64 kib = 1024;
constexpr qint64 mib = 1024 * 1024;
constexpr int kibUnit = 0;
constexpr int mibUnit = 1;

void showRate(QSpinBox *spin, QComboBox *unit, qint64 bytesPerSecond)
{
    const bool inMib = bytesPerSecond >= mib && bytesPerSecond % mib == 0;
    unit->setCurrentIndex(inMib ? mibUnit : kibUnit);
    spin->setValue(int(bytesPerSecond / (inMib ? mib : kib)));
}

// 0: no cap. The spin's unit is at least 1 KiB/s, the smallest cap the engine takes.
qint64 rateOf(const QSpinBox *spin, const QComboBox *unit)
{
    return qint64(spin->value()) * (unit->currentIndex() == mibUnit ? mib : kib);
}

} // namespace

ServerPanel::ServerPanel(Engine &engine, AppSettings &settings, ServedLinks &links, QWidget *parent)
    : QGroupBox(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_links(links)
    , m_ui(std::make_unique<Ui::ServerPanel>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("serverGroup"));
    populateBindChoices();
    m_ui->portSpin->setValue(m_settings.port());
    showChunkSize(m_settings.chunkSize());
    m_engine.server.setChunkSize(m_settings.chunkSize());
    m_ui->copyOnDropCheck->setChecked(m_settings.copyLinkOnDrop());
    m_ui->trayCheck->setChecked(m_settings.trayIcon());
    m_ui->notifyCheck->setChecked(m_settings.notifyOnCompletion());
    m_ui->usePortButton->hide();

    connect(m_ui->chunkSpin, &QSpinBox::valueChanged, this,
            &ServerPanel::handleChunkControlChanged);
    connect(m_ui->chunkUnitCombo, &QComboBox::currentIndexChanged, this,
            &ServerPanel::handleChunkUnitChanged);
    connect(m_ui->serveButton, &QPushButton::clicked, this, [this] {
        if (m_engine.server.isListening())
            stopServing();
        else
            startServing();
    });
    connect(m_ui->portSpin, &QSpinBox::editingFinished, this, &ServerPanel::handlePortEdited);
    connect(m_ui->bindCombo, &QComboBox::activated, this, &ServerPanel::handleBindChosen);
    connect(m_ui->usePortButton, &QPushButton::clicked, this, &ServerPanel::handleUsePortClicked);
    connect(m_ui->copyOnDropCheck, &QCheckBox::toggled, this,
            [this](bool on) { m_settings.setCopyLinkOnDrop(on); });
    connect(m_ui->notifyCheck, &QCheckBox::toggled, this,
            [this](bool on) { m_settings.setNotifyOnCompletion(on); });
    connect(m_ui->trayCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_settings.setTrayIcon(on);
        Q_EMIT trayIconToggled(on);
    });
    connect(&m_engine.server, &BlobServer::chunkSizeChanged, this, [this](qint64 bytes) {
        if (bytes != chunkSizeFromControls())
            showChunkSize(bytes);
    });
    RateLimits limits = m_engine.server.rateLimits();
    limits.totalRate = m_settings.totalRate();
    limits.clientRate = m_settings.clientRate();
    m_engine.server.setRateLimits(limits);
    showRateLimits(limits);
    for (QSpinBox *spin : {m_ui->totalRateSpin, m_ui->clientRateSpin})
        connect(spin, &QSpinBox::valueChanged, this, &ServerPanel::handleRateControlChanged);
    for (QComboBox *unit : {m_ui->totalRateUnitCombo, m_ui->clientRateUnitCombo})
        connect(unit, &QComboBox::currentIndexChanged, this,
                &ServerPanel::handleRateControlChanged);
    connect(&m_engine.server, &BlobServer::rateLimitsChanged, this, [this](const RateLimits &now) {
        if (!m_updatingRateControls)
            showRateLimits(now);
    });
    connect(&m_links, &ServedLinks::changed, this, &ServerPanel::updateStatus);
    connect(&m_engine.shares, &ShareRegistry::shareAdded, this, &ServerPanel::updateStatus);
    connect(&m_engine.shares, &ShareRegistry::shareRemoved, this, &ServerPanel::updateStatus);
    updateStatus();
}

ServerPanel::~ServerPanel()
{
    // The child widgets outlive this part of the object: a port field that loses focus while
    // they are torn down must not reach a half-destroyed panel through editingFinished.
    const QList<QWidget *> children = findChildren<QWidget *>();
    for (QWidget *child : children)
        disconnect(child, nullptr, this, nullptr);
}

void ServerPanel::setTrayAvailable(bool available)
{
    m_ui->trayCheck->setEnabled(available);
    m_ui->trayCheck->setToolTip(available ? QString() : tr("This desktop has no system tray"));
}

void ServerPanel::setNotificationsAvailable(bool available)
{
    m_ui->notifyCheck->setEnabled(available);
    m_ui->notifyCheck->setToolTip(
        available ? QString() : tr("This desktop shows no notifications and has no system tray"));
}

bool ServerPanel::copyLinkOnDrop() const
{
    return m_ui->copyOnDropCheck->isChecked();
}

bool ServerPanel::notifyOnCompletion() const
{
    return m_ui->notifyCheck->isChecked();
}

void ServerPanel::populateBindChoices()
{
    m_ui->bindCombo->clear();
    m_ui->bindCombo->addItem(tr("All addresses"), QString());
    const QHostAddress saved = m_settings.bindAddress();
    int savedIndex = 0;
    for (const RankedAddress &address : rankAddresses(localAddressCandidates())) {
        const QString text
            = QStringLiteral("%1 (%2)").arg(address.address.toString(), address.interfaceName);
        m_ui->bindCombo->addItem(text, address.address.toString());
        m_ui->bindCombo->setItemData(m_ui->bindCombo->count() - 1, text, Qt::ToolTipRole);
        if (address.address == saved)
            savedIndex = m_ui->bindCombo->count() - 1;
    }
    m_ui->bindCombo->setCurrentIndex(savedIndex);
}

void ServerPanel::applyCommandLine(const AppOptions &options)
{
    if (options.portGiven && options.server.port > 0)
        m_ui->portSpin->setValue(options.server.port);
    if (options.chunkSizeGiven)
        m_engine.server.setChunkSize(options.server.chunkSize);
    if (!options.server.bindAddresses.isEmpty()) {
        const int index
            = m_ui->bindCombo->findData(options.server.bindAddresses.first().toString());
        if (index >= 0)
            m_ui->bindCombo->setCurrentIndex(index);
    }
    ServerSettings server = m_engine.server.settings();
    server.listSharesAtRoot = options.server.listSharesAtRoot;
    server.requestHeadTimeout = options.server.requestHeadTimeout;
    server.keepAliveTimeout = options.server.keepAliveTimeout;
    server.stallTimeout = options.server.stallTimeout;
    server.maxConnections = options.server.maxConnections;
    m_engine.server.setSettings(server);
    // Given caps hold for this run; the saved ones come back at the next start.
    RateLimits limits = m_engine.server.rateLimits();
    if (options.server.rateLimits.totalRate > 0)
        limits.totalRate = options.server.rateLimits.totalRate;
    if (options.server.rateLimits.clientRate > 0)
        limits.clientRate = options.server.rateLimits.clientRate;
    limits.exemptLoopback = options.server.rateLimits.exemptLoopback;
    m_updatingRateControls = true;
    m_engine.server.setRateLimits(limits);
    m_updatingRateControls = false;
    showRateLimits(limits);
}

QString ServerPanel::chosenBindAddress() const
{
    return m_ui->bindCombo->currentData().toString();
}

void ServerPanel::startServing(bool remember)
{
    ServerSettings server = m_engine.server.settings();
    const QString bind = chosenBindAddress();
    server.bindAddresses
        = bind.isEmpty() ? QList<QHostAddress>() : QList<QHostAddress> {QHostAddress(bind)};
    server.port = quint16(m_ui->portSpin->value());
    m_offeredPort = 0;
    m_ui->usePortButton->hide();
    // While serving, the new port is opened first: when it cannot be had, the server and its
    // transfers carry on where they are.
    const bool wasListening = m_engine.server.isListening();
    const quint16 oldPort = wasListening ? m_engine.server.port() : 0;
    bool portInUse = false;
    const bool serving = wasListening ? m_engine.server.rebind(server) : [&] {
        m_engine.server.setSettings(server);
        return m_engine.server.start();
    }();
    m_refusedPort = serving ? 0 : server.port;
    if (serving) {
        m_error.clear();
        m_boundAddress = bind;
        // A port taken with "Use port N" stays this run's, also through a stop and a start.
        if (remember && server.port != m_thisRunOnlyPort) {
            m_settings.setPort(server.port);
            m_settings.setBindAddress(bind.isEmpty() ? QHostAddress() : QHostAddress(bind));
        }
    } else {
        m_error = m_engine.server.errorString();
        if (m_engine.server.listenError() == BlobServer::ListenError::PortInUse) {
            portInUse = true;
            m_offeredPort = nextFreePort(server.port, server.bindAddresses);
            if (m_offeredPort != 0) {
                m_error = tr("Port %1 is in use by another program. Port %2 is free.")
                              .arg(server.port)
                              .arg(m_offeredPort);
                m_ui->usePortButton->setText(tr("&Use port %1").arg(m_offeredPort));
                m_ui->usePortButton->setToolTip(
                    tr("Serve on port %1 until Sluice quits; port %2 stays the saved choice")
                        .arg(m_offeredPort)
                        .arg(server.port));
                m_ui->usePortButton->show();
            }
        }
        if (wasListening && m_engine.server.isListening())
            m_error += u' ' + tr("Still serving on port %1.").arg(oldPort);
        qCWarning(lcGui, "%s", qPrintable(m_error));
    }
    updateStatus();
    Q_EMIT portInUseChanged(portInUse ? m_error : QString());
}

bool ServerPanel::stopServing(bool ask)
{
    const int running = m_engine.transfers.activeCount();
    if (ask && running > 0) {
        const DestructivePrompt prompt {
            QStringLiteral("stopServingPrompt"), tr("Stop serving?"),
            tr("%n download(s) running; they will be stopped.", nullptr, running), tr("&Stop them"),
            tr("&Keep serving")};
        if (!confirmDestructive(window(), prompt))
            return false;
    }
    m_engine.server.stop();
    m_error.clear();
    updateStatus();
    Q_EMIT portInUseChanged({});
    return true;
}

void ServerPanel::handlePortEdited()
{
    // Re-entering the port in force changes nothing. The move prompt takes the focus from the
    // field, which reports editing finished once more while the question is open.
    if (m_confirmingMove)
        return;
    const int port = m_ui->portSpin->value();
    if (!m_engine.server.isListening() || port == m_engine.server.port())
        return;
    // A port just refused stays in the field with the reason beside it; leaving the field does
    // not ask again.
    if (port == m_refusedPort)
        return;
    if (confirmMove())
        startServing();
    else
        m_ui->portSpin->setValue(m_engine.server.port());
}

void ServerPanel::handleBindChosen()
{
    if (m_confirmingMove)
        return;
    if (!m_engine.server.isListening() || chosenBindAddress() == m_boundAddress)
        return;
    if (confirmMove())
        startServing();
    else
        m_ui->bindCombo->setCurrentIndex(std::max(0, m_ui->bindCombo->findData(m_boundAddress)));
}

bool ServerPanel::confirmMove()
{
    // Running downloads finish on their connections, but every link given out so far points at
    // the old port or address: with people downloading, that is worth a question.
    const int running = m_engine.transfers.activeCount();
    if (running == 0 || !m_engine.server.isListening())
        return true;
    const QScopedValueRollback confirming(m_confirmingMove, true);
    const QString consequence
        = tr("They will finish, but the links and QR codes given out so far will stop working.");
    const DestructivePrompt prompt {
        QStringLiteral("moveServerPrompt"), tr("Change where Sluice serves?"),
        tr("%n download(s) running.", nullptr, running) + u' ' + consequence, tr("&Change"),
        tr("&Keep serving as before")};
    return confirmDestructive(window(), prompt);
}

void ServerPanel::handleUsePortClicked()
{
    if (m_offeredPort == 0 || !confirmMove())
        return;
    // This run only: what is remembered is the port the user typed.
    m_settings.setPort(quint16(m_ui->portSpin->value()));
    m_thisRunOnlyPort = m_offeredPort;
    m_ui->portSpin->setValue(m_offeredPort);
    startServing(false);
}

void ServerPanel::handleChunkUnitChanged(int unitIndex)
{
    if (m_updatingChunkControls)
        return;
    // Keep the size when switching units, rounded to the new unit.
    const qint64 bytes = m_engine.server.chunkSize();
    m_updatingChunkControls = true;
    if (unitIndex == mibUnit) {
        m_ui->chunkSpin->setRange(1, int(ServerSettings::maxChunkSize / mib));
        m_ui->chunkSpin->setValue(int(std::max<qint64>(1, (bytes + mib / 2) / mib)));
    } else {
        m_ui->chunkSpin->setRange(int(ServerSettings::minChunkSize / kib),
                                  int(ServerSettings::maxChunkSize / kib));
        m_ui->chunkSpin->setValue(int(bytes / kib));
    }
    m_updatingChunkControls = false;
    handleChunkControlChanged();
}

void ServerPanel::showChunkSize(qint64 bytes)
{
    m_updatingChunkControls = true;
    if (bytes >= mib && bytes % mib == 0) {
        m_ui->chunkUnitCombo->setCurrentIndex(mibUnit);
        m_ui->chunkSpin->setRange(1, int(ServerSettings::maxChunkSize / mib));
        m_ui->chunkSpin->setValue(int(bytes / mib));
    } else {
        m_ui->chunkUnitCombo->setCurrentIndex(kibUnit);
        m_ui->chunkSpin->setRange(int(ServerSettings::minChunkSize / kib),
                                  int(ServerSettings::maxChunkSize / kib));
        m_ui->chunkSpin->setValue(int(bytes / kib));
    }
    m_updatingChunkControls = false;
}

qint64 ServerPanel::chunkSizeFromControls() const
{
    const qint64 unit = m_ui->chunkUnitCombo->currentIndex() == mibUnit ? mib : kib;
    return std::clamp<qint64>(m_ui->chunkSpin->value() * unit, ServerSettings::minChunkSize,
                              ServerSettings::maxChunkSize);
}

void ServerPanel::handleChunkControlChanged()
{
    if (m_updatingChunkControls)
        return;
    const qint64 bytes = chunkSizeFromControls();
    m_engine.server.setChunkSize(bytes); // running transfers use it from their next chunk
    m_settings.setChunkSize(bytes);
}

void ServerPanel::showRateLimits(const RateLimits &limits)
{
    m_updatingRateControls = true;
    showRate(m_ui->totalRateSpin, m_ui->totalRateUnitCombo, limits.totalRate);
    showRate(m_ui->clientRateSpin, m_ui->clientRateUnitCombo, limits.clientRate);
    m_updatingRateControls = false;
}

void ServerPanel::handleRateControlChanged()
{
    if (m_updatingRateControls)
        return;
    RateLimits limits = m_engine.server.rateLimits();
    limits.totalRate = rateOf(m_ui->totalRateSpin, m_ui->totalRateUnitCombo);
    limits.clientRate = rateOf(m_ui->clientRateSpin, m_ui->clientRateUnitCombo);
    m_updatingRateControls = true;
    m_engine.server.setRateLimits(limits);
    m_updatingRateControls = false;
    m_settings.setTotalRate(limits.totalRate);
    m_settings.setClientRate(limits.clientRate);
}

void ServerPanel::updateStatus()
{
    QString status;
    if (!m_error.isEmpty()) {
        status = m_error;
    } else if (!m_engine.server.isListening()) {
        status = tr("Not serving");
    } else {
        const int addresses = int(m_links.addresses().size());
        const int files = m_engine.shares.count();
        const quint16 port = m_engine.server.port();
        const QString where = tr("%n address(es)", nullptr, addresses);
        if (files == 0)
            status = tr("Serving on %1, port %2. Drop a file to share it.").arg(where).arg(port);
        else
            status = tr("Serving %n file(s) on %1, port %2", nullptr, files).arg(where).arg(port);
    }
    m_ui->serverStatusLabel->setText(status);
    m_ui->serverStatusLabel->setToolTip(status);
    m_ui->serveButton->setText(m_engine.server.isListening() ? tr("&Stop serving")
                                                             : tr("&Start serving"));
}

} // namespace Sluice
