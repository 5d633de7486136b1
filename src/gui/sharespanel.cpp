#include "sharespanel.h"

#include <algorithm>

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QPushButton>
#include <QUrl>

#include "destructiveprompt.h"
#include "engine.h"
#include "passworddialog.h"
#include "servedlinks.h"
#include "sharesettingsdialog.h"
#include "ui_sharespanel.h"

namespace Sluice {

SharesPanel::SharesPanel(Engine &engine, ServedLinks &links, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_links(links)
    , m_ui(std::make_unique<Ui::SharesPanel>())
    , m_model(engine.shares)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("sharesPanel"));
    m_proxy.setSourceModel(&m_model);
    m_proxy.setSortRole(ShareModel::SortRole);
    QTableView *view = m_ui->sharesView;
    view->setModel(&m_proxy);
    view->verticalHeader()->hide();
    // The links panel shows the links, readable and whole; here they would only be cut off.
    view->hideColumn(ShareModel::Link);
    view->horizontalHeader()->setSectionResizeMode(ShareModel::Name, QHeaderView::Stretch);
    view->horizontalHeader()->setMinimumSectionSize(40);
    view->sortByColumn(-1, Qt::AscendingOrder);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SharesPanel::handleSelectionChanged);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SharesPanel::handleSelectionChanged);
    setUpActions();

    connect(m_ui->dropZone, &DropZone::filesDropped, this, &SharesPanel::handleFilesDropped);
    connect(m_ui->dropZone, &DropZone::dropRefused, this, [this](const QStringList &reasons) {
        Q_EMIT message(reasons.join(QStringLiteral("; ")));
    });
    connect(m_ui->addFilesButton, &QPushButton::clicked, this, &SharesPanel::chooseFilesToAdd);
    connect(m_ui->addFolderButton, &QPushButton::clicked, this, &SharesPanel::chooseFolderToAdd);
    connect(m_ui->removeShareButton, &QPushButton::clicked, this,
            &SharesPanel::removeSelectedShares);
    connect(m_ui->revealButton, &QPushButton::clicked, this, &SharesPanel::revealSelected);
    connect(m_ui->passwordButton, &QPushButton::clicked, this,
            &SharesPanel::choosePasswordForSelected);
    connect(m_ui->limitsButton, &QPushButton::clicked, this, &SharesPanel::chooseLimitsForSelected);
    connect(&m_engine.shares, &ShareRegistry::shareRemoved, this,
            &SharesPanel::handleSelectionChanged);
    handleSelectionChanged();
}

SharesPanel::~SharesPanel() = default;

void SharesPanel::setUpActions()
{
    QTableView *view = m_ui->sharesView;
    auto addAction
        = [this, view](const QString &text, const QString &name, void (SharesPanel::*slot)()) {
              auto *action = new QAction(text, view);
              action->setObjectName(name);
              action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
              connect(action, &QAction::triggered, this, slot);
              view->addAction(action);
              m_selectionActions.append(action);
              return action;
          };
    addAction(tr("&Copy link"), QStringLiteral("copyLinkAction"), &SharesPanel::copySelectedLinks)
        ->setShortcut(QKeySequence::Copy);
    addAction(tr("Copy &page link"), QStringLiteral("copyPageLinkAction"),
              &SharesPanel::copySelectedPageLinks);
    addAction(tr("Copy &SHA-256"), QStringLiteral("copyChecksumAction"),
              &SharesPanel::copySelectedChecksums);
    addAction(tr("Show in &folder"), QStringLiteral("revealAction"), &SharesPanel::revealSelected);
    addAction(tr("Pass&word…"), QStringLiteral("passwordAction"),
              &SharesPanel::choosePasswordForSelected);
    addAction(tr("Li&mits…"), QStringLiteral("limitsAction"),
              &SharesPanel::chooseLimitsForSelected);
    addAction(tr("&Remove"), QStringLiteral("removeShareAction"),
              &SharesPanel::removeSelectedShares)
        ->setShortcut(QKeySequence::Delete);
}

QList<QByteArray> SharesPanel::addFiles(const QStringList &paths, const QJsonObject &rules)
{
    QList<QByteArray> added;
    QStringList errors;
    for (const QString &path : paths) {
        const ShareRegistry::AddResult result = m_engine.shares.addFile(path);
        if (result.token.isEmpty())
            errors.append(result.error);
        else
            added.append(result.token);
    }
    for (const QByteArray &token : std::as_const(added))
        m_engine.shares.applyRules(token, rules);
    if (!errors.isEmpty())
        Q_EMIT message(tr("Cannot share %1").arg(errors.join(QStringLiteral("; "))));
    if (!added.isEmpty())
        selectShare(added.constLast());
    return added;
}

void SharesPanel::handleFilesDropped(const QStringList &paths)
{
    const QList<QByteArray> added = addFiles(paths);
    if (added.isEmpty() || !m_copyLinkOnDrop || !m_copyLinkOnDrop())
        return;
    const QString link = m_links.bestLink(added.constLast());
    if (link.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(link);
    Q_EMIT message(tr("Link copied: %1").arg(ServedLinks::displayText(link)));
}

void SharesPanel::chooseFilesToAdd()
{
    const QStringList paths = QFileDialog::getOpenFileNames(window(), tr("Share files"));
    if (!paths.isEmpty())
        addFiles(paths);
}

void SharesPanel::chooseFolderToAdd()
{
    const QString path = QFileDialog::getExistingDirectory(window(), tr("Share a folder"));
    if (!path.isEmpty())
        addFiles({path}); // shared as one ZIP archive of its snapshot
}

QByteArray SharesPanel::currentShare() const
{
    const QModelIndex current = m_proxy.mapToSource(m_ui->sharesView->currentIndex());
    if (!current.isValid()
        || !m_ui->sharesView->selectionModel()->isRowSelected(
            m_ui->sharesView->currentIndex().row(), {}))
        return {};
    return m_model.tokenAt(current.row());
}

QList<QByteArray> SharesPanel::selectedShares() const
{
    QList<QByteArray> tokens;
    const QModelIndexList rows = m_ui->sharesView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        tokens.append(m_model.tokenAt(m_proxy.mapToSource(row).row()));
    return tokens;
}

void SharesPanel::selectShare(const QByteArray &token)
{
    const int row = m_model.rowOf(token);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy.mapFromSource(m_model.index(row, ShareModel::Name));
    m_ui->sharesView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void SharesPanel::handleSelectionChanged()
{
    const bool selected = m_ui->sharesView->selectionModel()->hasSelection();
    m_ui->removeShareButton->setEnabled(selected);
    m_ui->revealButton->setEnabled(selected);
    m_ui->passwordButton->setEnabled(selected);
    m_ui->limitsButton->setEnabled(selected);
    for (QAction *action : std::as_const(m_selectionActions))
        action->setEnabled(selected);
    Q_EMIT currentShareChanged(currentShare());
}

void SharesPanel::choosePasswordForSelected()
{
    const QList<QByteArray> tokens = selectedShares();
    if (tokens.isEmpty())
        return;
    const Share *first = m_engine.shares.find(tokens.constFirst());
    if (!first)
        return;
    const bool anyProtected
        = std::any_of(tokens.cbegin(), tokens.cend(), [this](const QByteArray &token) {
              const Share *share = m_engine.shares.find(token);
              return share && share->password.isSet();
          });
    const QString name
        = tokens.size() == 1 ? first->name : tr("%n file(s)", nullptr, int(tokens.size()));
    PasswordDialog dialog(name, anyProtected, window());
    if (dialog.exec() != QDialog::Accepted || dialog.choice() == PasswordDialog::Choice::Keep)
        return;
    const QString password
        = dialog.choice() == PasswordDialog::Choice::Set ? dialog.password() : QString();
    for (const QByteArray &token : tokens)
        m_engine.shares.setPassword(token, password);
    Q_EMIT message(password.isEmpty() ? tr("Password removed: anyone with the link can download")
                                      : tr("Password set: links ask for it"));
    Q_EMIT currentShareChanged(currentShare()); // the links panel offers the ticket link
}

void SharesPanel::chooseLimitsForSelected()
{
    const QList<QByteArray> tokens = selectedShares();
    if (tokens.isEmpty())
        return;
    const Share *first = m_engine.shares.find(tokens.constFirst());
    if (!first)
        return;
    const QString name = tokens.size() == 1 ? first->name : tr("%1 files").arg(tokens.size());
    ShareSettingsDialog dialog(name, first->policies, first->completedDownloads, window());
    if (dialog.exec() != QDialog::Accepted)
        return;
    // Applied live: new requests see the new rules at once, running downloads go on.
    for (const QByteArray &token : tokens) {
        m_engine.shares.setExpiry(token, dialog.expiresAt());
        m_engine.shares.setMaxDownloads(token, dialog.maxDownloads());
    }
}

void SharesPanel::removeSelectedShares()
{
    const QList<QByteArray> tokens = selectedShares();
    if (tokens.isEmpty())
        return;
    int active = 0;
    for (const Transfer &transfer : m_engine.transfers.transfers())
        active += transfer.isActive() && tokens.contains(transfer.shareToken) ? 1 : 0;
    if (active > 0) {
        const QString question = tr("%n download(s) of the selected files running. Stop sharing "
                                    "them and cancel the downloads?",
                                    nullptr, active);
        const DestructivePrompt prompt {QStringLiteral("removeSharePrompt"), tr("Stop sharing?"),
                                        question, tr("&Stop sharing"), tr("&Keep sharing")};
        if (!confirmDestructive(window(), prompt))
            return;
    }
    for (const QByteArray &token : tokens)
        m_engine.shares.remove(token); // the server cancels the share's transfers
}

void SharesPanel::revealSelected()
{
    QStringList folders;
    for (const QByteArray &token : selectedShares()) {
        if (const Share *share = m_engine.shares.find(token)) {
            const QString folder = QFileInfo(share->path).absolutePath();
            if (!folders.contains(folder))
                folders.append(folder);
        }
    }
    for (const QString &folder : std::as_const(folders))
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

void SharesPanel::copySelectedLinks()
{
    QStringList links;
    for (const QByteArray &token : selectedShares()) {
        const QString link = m_links.bestLink(token);
        if (!link.isEmpty())
            links.append(link);
    }
    if (links.isEmpty()) {
        Q_EMIT message(tr("No link to copy: the server is stopped"));
        return;
    }
    QGuiApplication::clipboard()->setText(links.join(u'\n'));
    Q_EMIT message(links.size() == 1 ? tr("Copied %1").arg(ServedLinks::displayText(links.first()))
                                     : tr("Copied %n link(s)", nullptr, int(links.size())));
}

void SharesPanel::copySelectedPageLinks()
{
    const QString base = m_links.bestBase();
    if (base.isEmpty()) {
        Q_EMIT message(tr("No link to copy: the server is stopped"));
        return;
    }
    QStringList links;
    for (const QByteArray &token : selectedShares())
        links.append(base + u'/' + QString::fromLatin1(token) + u'/');
    QGuiApplication::clipboard()->setText(links.join(u'\n'));
    Q_EMIT message(links.size() == 1 ? tr("Copied %1").arg(links.first())
                                     : tr("Copied %n link(s)", nullptr, int(links.size())));
}

void SharesPanel::copySelectedChecksums()
{
    // sha256sum's format, so the clipboard can be checked with sha256sum -c.
    QStringList lines;
    for (const QByteArray &token : selectedShares()) {
        const QModelIndex index = m_model.index(m_model.rowOf(token), ShareModel::Name);
        const QString digest = index.data(ShareModel::Sha256Role).toString();
        if (!digest.isEmpty())
            lines.append(digest + QStringLiteral("  ") + index.data().toString());
    }
    if (lines.isEmpty()) {
        Q_EMIT message(tr("No SHA-256 to copy yet: it is still being computed"));
        return;
    }
    QGuiApplication::clipboard()->setText(lines.join(u'\n'));
    Q_EMIT message(tr("Copied the SHA-256 of %n file(s)", nullptr, int(lines.size())));
}

} // namespace Sluice
