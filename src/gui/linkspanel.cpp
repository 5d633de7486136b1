#include "linkspanel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QPushButton>

#include "blobserver.h"
#include "passwordgate.h"
#include "servedlinks.h"
#include "shareregistry.h"
#include "ui_linkspanel.h"

namespace Sluice {

LinksPanel::LinksPanel(ServedLinks &links, BlobServer &server, ShareRegistry &shares,
                       QWidget *parent)
    : QGroupBox(parent)
    , m_links(links)
    , m_server(server)
    , m_shares(shares)
    , m_ui(std::make_unique<Ui::LinksPanel>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("linksGroup"));
    connect(m_ui->linkList, &LinkList::chosenLinkChanged, this, [this](const QString &url) {
        m_chosenUrl = url;
        showQrCode();
    });
    connect(m_ui->qrPageCheck, &QCheckBox::toggled, this, [this](bool on) {
        showQrCode();
        Q_EMIT qrShowsPageChanged(on);
    });
    connect(m_ui->qrTicketCheck, &QCheckBox::toggled, this, &LinksPanel::showQrCode);
    connect(m_ui->copyTicketButton, &QPushButton::clicked, this, [this] {
        const QString url = withTicket(m_chosenUrl);
        if (url.isEmpty())
            return;
        QGuiApplication::clipboard()->setText(url);
        Q_EMIT linkCopied(url);
    });
    connect(&m_shares, &ShareRegistry::shareChanged, this, [this](const QByteArray &token) {
        if (token != m_token)
            return;
        // A password set or removed changes the links themselves (the page or the file).
        const Share *share = m_shares.find(token);
        if ((share && share->password.isSet()) != m_linksLocked)
            update();
    });
    connect(m_ui->linkList, &LinkList::linkCopied, this, &LinksPanel::linkCopied);
    connect(m_ui->startServingButton, &QPushButton::clicked, this, &LinksPanel::startRequested);
    connect(&m_links, &ServedLinks::changed, this, &LinksPanel::update);
    connect(&m_shares, &ShareRegistry::shareAdded, this, &LinksPanel::update);
    connect(&m_shares, &ShareRegistry::shareRemoved, this, [this](const QByteArray &token) {
        if (token == m_token)
            m_token.clear();
        update();
    });
    update();
}

LinksPanel::~LinksPanel() = default;

void LinksPanel::setShare(const QByteArray &token)
{
    if (token == m_token)
        return;
    m_token = token;
    update();
}

void LinksPanel::setQrShowsPage(bool on)
{
    m_ui->qrPageCheck->setChecked(on);
}

bool LinksPanel::qrShowsPage() const
{
    return m_ui->qrPageCheck->isChecked();
}

QString LinksPanel::withTicket(const QString &url)
{
    const Share *share = m_shares.find(m_token);
    if (url.isEmpty() || !share || !share->password.isSet())
        return {};
    // One ticket per password and hour: the QR code does not change with every refresh, and
    // a copied link has at least 11 of its 12 hours left.
    const auto now = std::chrono::steady_clock::now();
    if (m_ticketToken != m_token || m_ticketSalt != share->password.salt
        || now - m_ticketIssuedAt > std::chrono::hours(1)) {
        m_ticketToken = m_token;
        m_ticketSalt = share->password.salt;
        m_ticketIssuedAt = now;
        m_ticket = QString::fromLatin1(m_server.passwordGate().issueTicket(*share));
    }
    // "http://host:port/<token>/" (the page, a protected share's link) becomes
    // "http://host:port/<token>/<ticket>/<name>".
    const QString tokenPart = u'/' + QString::fromLatin1(m_token) + u'/';
    const qsizetype at = url.indexOf(tokenPart);
    if (at < 0)
        return {};
    const QString encodedName = QString::fromLatin1(share->linkPath().mid(tokenPart.size()));
    return url.left(at + tokenPart.size()) + m_ticket + u'/' + encodedName;
}

void LinksPanel::updatePasswordControls()
{
    const Share *share = m_shares.find(m_token);
    const bool locked = share && share->password.isSet() && !m_chosenUrl.isEmpty();
    m_ui->qrTicketCheck->setVisible(locked);
    m_ui->copyTicketButton->setVisible(locked);
    showQrCode();
}

QString LinksPanel::qrText() const
{
    return m_ui->qrCode->text();
}

void LinksPanel::showQrCode()
{
    QString url = m_chosenUrl;
    if (m_ui->qrTicketCheck->isVisibleTo(this) && m_ui->qrTicketCheck->isChecked())
        url = withTicket(url);
    // The page is the link's folder: "http://host:port/<token>/" (with a ticket: its page).
    if (m_ui->qrPageCheck->isChecked() && !url.isEmpty())
        url = url.left(url.lastIndexOf(u'/') + 1);
    m_ui->qrCode->setText(url); // percent-encoded: what a phone's camera opens
    m_ui->qrUrlLabel->setText(ServedLinks::displayText(url));
}

QString LinksPanel::stateText() const
{
    return m_ui->linksStateLabel->isVisibleTo(this) ? m_ui->linksStateLabel->text() : QString();
}

void LinksPanel::update()
{
    const bool serving = m_server.isListening();
    QString state;
    if (!serving)
        state = tr("The server is stopped: nothing can be downloaded until it starts.");
    else if (m_shares.count() == 0)
        state = tr("Add a file to get a link.");
    else if (!m_shares.find(m_token))
        state = tr("Select a file to see its links.");
    m_ui->linksStateLabel->setText(state);
    m_ui->linksStateLabel->setVisible(!state.isEmpty());
    m_ui->startServingButton->setVisible(!serving);
    QList<LinkList::Link> links;
    const Share *share = m_shares.find(m_token);
    m_linksLocked = share && share->password.isSet();
    if (state.isEmpty()) {
        for (const ServedLinks::Link &link : m_links.links(m_token))
            links.append({link.url, link.label});
    }
    m_ui->linkList->setLinks(links);
    m_ui->qrCode->setVisible(!links.isEmpty());
    m_ui->qrUrlLabel->setVisible(!links.isEmpty());
    m_ui->qrPageCheck->setVisible(!links.isEmpty());
    updatePasswordControls();
}

} // namespace Sluice
