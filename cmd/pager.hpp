// Long text output on a terminal goes through a pager the way git does it: $SSOCTL_PAGER, then
// $PAGER, then `less` with LESS=FRX (quits when the output fits one screen, keeps colours).
#pragma once

namespace ssoctl::cmd {

/** Starts the pager once, when stdout is a terminal and the run writes text to it; "cat" or an
 *  empty value turns it off. Output written before this call is not paged. At exit stdout is
 *  closed and the pager waited for. Called by Output::text() for std::cout, after the input was
 *  read (a terminal paste must not compete with the pager for the keyboard). */
void start_pager();

}  // namespace ssoctl::cmd
