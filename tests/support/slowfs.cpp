// A one-file FUSE file system for tests and benchmarks of slow or hung media. It serves the
// bytes of a backing file as /<name>; while <control>/hold-reads exists, reads wait, and while
// <control>/hold-getattr exists, getattr and lookup wait, as on a hung network mount. With
// --delay-ms, every read also takes that much longer, as a slow disk or stick does.
//   slowfs <mountpoint> --backing=FILE --control=DIR [--name=NAME] [--delay-ms=N] [-f] [-o ...]
#define FUSE_USE_VERSION 31

#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fuse.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct Options
{
    char *backing = nullptr;
    char *control = nullptr;
    char *name = nullptr;
    int delayMs = 0;
    int backingFd = -1;
};
Options options;

const struct fuse_opt optionSpec[] = {
    {"--backing=%s", offsetof(Options, backing), 0},
    {"--control=%s", offsetof(Options, control), 0},
    {"--name=%s", offsetof(Options, name), 0},
    {"--delay-ms=%d", offsetof(Options, delayMs), 0},
    FUSE_OPT_END,
};

const char *fileName()
{
    return options.name ? options.name : "blob.bin";
}

void sleepMs(int ms)
{
    const timespec pause = {ms / 1000, long(ms % 1000) * 1000000L};
    nanosleep(&pause, nullptr);
}

void touch(const char *path)
{
    const int marker = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (marker >= 0)
        close(marker);
}

// Waits while the control file `flag` exists: the test removes it to let the call go on.
// "<flag>.seen" tells the test that a call is being held; a held read also leaves
// "<flag>.seen-at-<offset>", so a test can tell its own read from a read-ahead.
void holdWhile(const char *flag, off_t offset = -1)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", options.control, flag);
    if (access(path, F_OK) != 0)
        return;
    char seen[PATH_MAX + 32];
    if (offset >= 0) {
        snprintf(seen, sizeof seen, "%s.seen-at-%lld", path, (long long)offset);
        touch(seen);
    }
    snprintf(seen, sizeof seen, "%s.seen", path);
    touch(seen);
    while (access(path, F_OK) == 0)
        sleepMs(10);
}

void *slowInit(struct fuse_conn_info *connection, struct fuse_config *config)
{
    (void)connection;
    // Every stat reaches us, so a held getattr is seen at once rather than after a cache expires.
    config->attr_timeout = 0;
    config->entry_timeout = 0;
    config->negative_timeout = 0;
    return nullptr;
}

int slowGetattr(const char *path, struct stat *st, struct fuse_file_info *file)
{
    (void)file;
    holdWhile("hold-getattr");
    memset(st, 0, sizeof *st);
    if (strcmp(path, "/") == 0) {
        st->st_mode = S_IFDIR | 0755;
        st->st_nlink = 2;
        return 0;
    }
    if (path[0] != '/' || strcmp(path + 1, fileName()) != 0)
        return -ENOENT;
    struct stat backing;
    if (fstat(options.backingFd, &backing) != 0)
        return -errno;
    st->st_mode = S_IFREG | 0444;
    st->st_nlink = 1;
    st->st_size = backing.st_size;
    st->st_mtim = backing.st_mtim;
    st->st_ctim = backing.st_ctim;
    st->st_ino = 2;
    return 0;
}

int slowReaddir(const char *path, void *buffer, fuse_fill_dir_t fill, off_t offset,
                struct fuse_file_info *file, enum fuse_readdir_flags flags)
{
    (void)offset;
    (void)file;
    (void)flags;
    if (strcmp(path, "/") != 0)
        return -ENOENT;
    fill(buffer, ".", nullptr, 0, fuse_fill_dir_flags(0));
    fill(buffer, "..", nullptr, 0, fuse_fill_dir_flags(0));
    fill(buffer, fileName(), nullptr, 0, fuse_fill_dir_flags(0));
    return 0;
}

int slowOpen(const char *path, struct fuse_file_info *file)
{
    if (path[0] != '/' || strcmp(path + 1, fileName()) != 0)
        return -ENOENT;
    if ((file->flags & O_ACCMODE) != O_RDONLY)
        return -EROFS;
    file->keep_cache = 1; // pages read once stay cached, as on a real mount
    return 0;
}

int slowRead(const char *path, char *buffer, size_t size, off_t offset, struct fuse_file_info *file)
{
    (void)path;
    (void)file;
    holdWhile("hold-reads", offset);
    if (options.delayMs > 0)
        sleepMs(options.delayMs);
    const ssize_t got = pread(options.backingFd, buffer, size, offset);
    return got < 0 ? -errno : int(got);
}

fuse_operations makeOperations()
{
    fuse_operations operations = {};
    operations.getattr = slowGetattr;
    operations.open = slowOpen;
    operations.read = slowRead;
    operations.readdir = slowReaddir;
    operations.init = slowInit;
    return operations;
}

} // namespace

int main(int argc, char *argv[])
{
    struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
    if (fuse_opt_parse(&args, &options, optionSpec, nullptr) != 0)
        return 1;
    if (!options.backing || !options.control) {
        fprintf(stderr,
                "usage: slowfs MOUNTPOINT --backing=FILE --control=DIR [--name=NAME] "
                "[--delay-ms=N] [-f] [-o OPTIONS]\n");
        return 1;
    }
    options.backingFd = open(options.backing, O_RDONLY | O_CLOEXEC);
    if (options.backingFd < 0) {
        perror(options.backing);
        return 1;
    }
    const fuse_operations operations = makeOperations();
    const int status = fuse_main(args.argc, args.argv, &operations, nullptr);
    fuse_opt_free_args(&args);
    return status;
}
