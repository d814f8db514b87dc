// The connection layer out of open files, in process: the loop makes room for a waiting client
// by closing the oldest idle connection, once per client. (Linux reserves the descriptor before
// it looks at the backlog, so out of files accept fails even when no one waits: that failure
// must not cost another idle client its connection.)
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/support.hpp"

TEST_SUITE_BEGIN("sqlite_only");

using polls::test::RawConnection;
using polls::test::TestSite;
using namespace std::chrono_literals;

namespace {

// Fills this process's descriptor table: the soft limit is lowered to a little above what is
// open, and the rest taken by copies of /dev/null. Undone on destruction.
class FileTableFiller {
 public:
  FileTableFiller() {
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved_) == 0);
    std::size_t open = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
      (void)entry;
      ++open;
    }
    rlimit lowered = saved_;
    lowered.rlim_cur = open + 64;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
    source_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(source_ >= 0);
    for (int fd; (fd = ::fcntl(source_, F_DUPFD_CLOEXEC, 0)) >= 0;) fillers_.push_back(fd);
    REQUIRE(errno == EMFILE);
  }
  ~FileTableFiller() {
    for (const int fd : fillers_) ::close(fd);
    ::close(source_);
    (void)::setrlimit(RLIMIT_NOFILE, &saved_);
  }
  FileTableFiller(const FileTableFiller&) = delete;
  FileTableFiller& operator=(const FileTableFiller&) = delete;

 private:
  rlimit saved_{};
  int source_ = -1;
  std::vector<int> fillers_;
};

}  // namespace

TEST_CASE("out of open files, a new client costs exactly one idle connection") {
  TestSite site;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<RawConnection>(site.port()));
    idle.back()->send(site.get_request("/healthz"));
    const auto res = idle.back()->read_response();
    REQUIRE(res);
    REQUIRE(res->status == 200);
    // Idle before the next one opens (a worker files each back a moment after its answer, and
    // on a loaded machine the next one's worker can be first): idle[0] is the one idle longest.
    for (int wait = 0; wait < 300 && site.site().connection_counts().idle < i + 1; ++wait) {
      std::this_thread::sleep_for(10ms);
    }
    REQUIRE(site.site().connection_counts().idle == i + 1);
  }

  std::unique_ptr<RawConnection> fresh;
  std::optional<polls::test::RawResponse> res;
  // The new client's own socket, made while there is room (connecting needs no descriptor). A
  // slot freed for it once the table was full could be taken first by another thread: glibc
  // opens files of its own now and then (the first heap to shrink reads
  // /proc/sys/vm/overcommit_memory, a thread's first arena /sys/devices/system/cpu/online), and
  // CI saw "socket failed". (Such a read while the table is being filled, closed before the
  // server's accept, would still leave it room: a window of microseconds.)
  const int client_socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(client_socket >= 0);
  {
    // Only while the new client is accepted and answered: UBSan's own checks need descriptors
    // too (a pipe to probe memory), so no assertion runs with the table full.
    FileTableFiller filler;
    // The server's end finds no free slot.
    fresh = std::make_unique<RawConnection>(site.port(), client_socket);
    fresh->send(site.get_request("/healthz"));
    res = fresh->read_response(false, 3s);
  }
  REQUIRE(res);
  CHECK(res->status == 200);

  // The oldest idle connection made room; the other two are still served.
  CHECK(idle[0]->closed_by_server(1s));
  for (std::size_t i = 1; i < idle.size(); ++i) {
    CAPTURE(i);
    idle[i]->send(site.get_request("/healthz"));
    const auto again = idle[i]->read_response(false, 3s);
    REQUIRE(again);
    CHECK(again->status == 200);
  }
  const auto counts = site.site().connection_counts();
  CHECK(counts.closed_idle_for_new == 1);
  CHECK(counts.refused_file_limit == 0);
}

TEST_SUITE_END();
