/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pty.c - run a command with its stdout on a pseudo-terminal COLS columns
 * wide, and copy what it writes to our own stdout.  tests/vm/run-tool puts
 * it in the VM when run-tool's own stdout is a terminal, so the tool there
 * behaves as on a real terminal (pretty JSON, text wrapped at COLS).
 * usage: kpi-pty COLS COMMAND [ARG]...   (exits with COMMAND's status) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int write_all(int fd, const char *p, ssize_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 50 };
	struct termios t;
	char buf[4096];
	int master, slave, status;
	pid_t pid;
	ssize_t n;

	if (argc < 3 || (ws.ws_col = (unsigned short)atoi(argv[1])) < 20) {
		fprintf(stderr, "usage: kpi-pty COLS COMMAND [ARG]...\n");
		return 125;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
		perror("kpi-pty: pseudo-terminal");
		return 125;
	}
	/* The bytes as the command wrote them: no "\n" -> "\r\n". */
	if (!tcgetattr(slave, &t)) {
		t.c_oflag &= ~(tcflag_t)OPOST;
		tcsetattr(slave, TCSANOW, &t);
	}
	ioctl(slave, TIOCSWINSZ, &ws);
	pid = fork();
	if (pid < 0) {
		perror("kpi-pty: fork");
		return 125;
	}
	if (pid == 0) {
		close(master);
		dup2(slave, STDOUT_FILENO);
		close(slave);
		execv(argv[2], argv + 2);
		perror("kpi-pty: exec");
		_exit(127);
	}
	close(slave);
	/* EIO once the last writer of the slave side has gone. */
	while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write_all(STDOUT_FILENO, buf, n))
			break;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
