// The pager runs as a child reading our stdout through a pipe; we wait for it at exit so the
// shell prompt returns only after the user leaves it.
#include "pager.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace ssoctl::cmd {
namespace {

pid_t g_pager = -1;

void finish_pager() {
    if (g_pager <= 0) return;
    std::cout.flush();
    std::fflush(stdout);
    ::close(STDOUT_FILENO);
    int status = 0;
    while (::waitpid(g_pager, &status, 0) < 0 && errno == EINTR) {
    }
    g_pager = -1;
}

}  // namespace

void start_pager() {
    static bool tried = false;
    if (tried) return;
    tried = true;
    if (!::isatty(STDOUT_FILENO)) return;
    const char* chosen = std::getenv("SSOCTL_PAGER");
    if (!chosen) chosen = std::getenv("PAGER");
    const std::string command = chosen ? chosen : "less";
    if (command.empty() || command == "cat") return;
    if (!std::getenv("LESS")) ::setenv("LESS", "FRX", 1);
    int fds[2];
    if (::pipe(fds) != 0) return;
    std::cout.flush();
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (pid == 0) {
        ::dup2(fds[0], STDIN_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    g_pager = pid;
    // Ctrl-C belongs to the pager now; quitting it early must not kill us with SIGPIPE mid-write.
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    std::atexit(finish_pager);
}

}  // namespace ssoctl::cmd
