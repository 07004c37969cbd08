/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user process's attributes: prepared in rt, applied in the init in the order
 * linux/caps.h documents (attributes, seccomp without NNP, bounding set + keep-caps,
 * user switch, capability sets + ambient, no_new_privs, seccomp with NNP, execve).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "linux/caps.h"
#include "linux/lsm.h"
#include "linux/process.h"
#include "linux/process_attrs.h"
#include "linux/seccomp_profile.h"
#include "util/log.h"
#include "util/util.h"

struct init_security {
	struct rt_caps caps;
	struct proc_attrs *attrs;
	struct lsm_exec lsm;
	struct rt_seccomp *seccomp;
	bool nnp;
	uid_t uid;
	gid_t gid;
	gid_t *gids;
	size_t gids_len;
	int listener_fd;    /* seccomp NOTIFY listener after load, else -1 */
	int listener_sock;  /* connected to linux.seccomp.listenerPath, else -1 */
	char *listener_msg; /* the container process state to send with listener_fd */
};

/*
 * An id of -1 would be "leave unchanged" to setresuid/setresgid (the process would stay
 * root); an env entry without '=' or with an empty name is no variable (POSIX environ).
 */
static int check_user_env(const struct oci_process *p, struct rt_err **err)
{
	if (p->user.uid == (uint32_t)-1)
		return rt_err_set(err, 0, "process.user.uid: %u is not a valid user id", p->user.uid);
	if (p->user.gid == (uint32_t)-1)
		return rt_err_set(err, 0, "process.user.gid: %u is not a valid group id", p->user.gid);
	for (size_t i = 0; i < p->user.additional_gids_len; i++)
		if (p->user.additional_gids[i] == (uint32_t)-1)
			return rt_err_set(err, 0, "process.user.additionalGids[%zu]: %u is not a valid group id", i,
					  p->user.additional_gids[i]);
	for (size_t i = 0; i < p->env_len; i++) {
		const char *eq = strchr(p->env[i], '=');

		if (!eq || eq == p->env[i])
			return rt_err_set(err, 0, "process.env[%zu]: '%s' is not NAME=VALUE", i, p->env[i]);
	}
	return 0;
}

int process_prepare(const struct oci_config *c, struct init_security **ret, struct rt_err **err)
{
	const struct oci_process *p = c->process;
	struct init_security *s;
	int r = check_user_env(p, err);

	if (r < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return rt_err_set(err, ENOMEM, "process");
	s->listener_fd = -1;
	s->listener_sock = -1;
	s->nnp = p->no_new_privileges;
	s->uid = p->user.uid;
	s->gid = p->user.gid;
	if (p->user.additional_gids_len) {
		s->gids = calloc(p->user.additional_gids_len, sizeof(gid_t));
		if (!s->gids) {
			process_free(s);
			return rt_err_set(err, ENOMEM, "process");
		}
		for (size_t i = 0; i < p->user.additional_gids_len; i++)
			s->gids[i] = p->user.additional_gids[i];
		s->gids_len = p->user.additional_gids_len;
	}
	r = caps_prepare(p->capabilities, &s->caps, err);
	if (r >= 0)
		r = proc_attrs_prepare(p, c->linux_, &s->attrs, err);
	if (r >= 0)
		r = lsm_exec_prepare(&s->lsm, p->apparmor_profile, p->selinux_label, "process.", err);
	if (r >= 0 && c->linux_ && c->linux_->seccomp)
		r = seccomp_prepare(c->linux_->seccomp, &s->seccomp, err);
	if (r < 0) {
		process_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

void process_free(struct init_security *s)
{
	if (!s)
		return;
	proc_attrs_free(s->attrs);
	if (s->listener_sock >= 0)
		close(s->listener_sock);
	free(s->listener_msg);
	lsm_exec_clear(&s->lsm);
	rt_seccomp_free(s->seccomp);
	free(s->gids);
	free(s);
}

int process_seccomp_listener_connect(struct init_security *s, const struct oci_seccomp *sc, pid_t pid,
				     const char *state_json, struct rt_err **err)
{
	_cleanup_free_ char *msg = NULL;
	size_t len = 0;
	FILE *f;

	if (!s->seccomp || !seccomp_uses_notify(s->seccomp))
		return 0;
	f = open_memstream(&msg, &len);
	if (!f)
		return rt_err_set(err, ENOMEM, "seccomp listener state");
	fprintf(f, "{\"ociVersion\":\"%s\",\"fds\":[\"seccompFd\"],\"pid\":%d,", OCI_SPEC_VERSION, (int)pid);
	if (sc->listener_metadata && *sc->listener_metadata) {
		fputs("\"metadata\":", f);
		rt_json_escape(f, sc->listener_metadata);
		fputc(',', f);
	}
	fprintf(f, "\"state\":%s}", state_json);
	if (fclose(f) != 0)
		return rt_err_set(err, ENOMEM, "seccomp listener state");
	s->listener_sock = seccomp_listener_connect(sc->listener_path, err);
	if (s->listener_sock < 0)
		return rt_err_wrap(err, "linux.seccomp.listenerPath");
	s->listener_msg = TAKE_PTR(msg);
	return 0;
}

/* Right after the filter is loaded: its listener goes to the agent, and is ours no more. */
static int send_listener(struct init_security *s, struct rt_err **err)
{
	int r;

	if (s->listener_fd < 0)
		return 0;
	if (s->listener_sock < 0)
		r = rt_err_set(err, ENOTCONN, "seccomp listener: not connected to linux.seccomp.listenerPath");
	else
		r = seccomp_listener_send(s->listener_sock, s->listener_fd, s->listener_msg, err);
	close(s->listener_fd);
	s->listener_fd = -1;
	if (s->listener_sock >= 0)
		close(s->listener_sock);
	s->listener_sock = -1;
	return r;
}

int process_apply_early(struct init_security *s, struct rt_err **err)
{
	return proc_attrs_apply(s->attrs, err);
}

int process_apply_identity(struct init_security *s, struct rt_err **err)
{
	int r;

	/*
	 * The exec labels first, while still root with every capability and before
	 * no_new_privs and seccomp could refuse the write; they bind only at execve.
	 */
	r = lsm_exec_apply(&s->lsm, err);
	if (r < 0)
		return r;
	if (s->seccomp && !s->nnp) {
		r = seccomp_apply(s->seccomp, &s->listener_fd, err);
		if (r >= 0)
			r = send_listener(s, err);
		if (r < 0)
			return r;
	}
	r = caps_apply_pre_setuid(&s->caps, err);
	if (r >= 0)
		r = proc_switch_user(s->uid, s->gid, s->gids, s->gids_len, err);
	if (r >= 0)
		r = caps_apply_post_setuid(&s->caps, err);
	if (r >= 0 && s->nnp)
		r = caps_set_no_new_privs(err);
	return r;
}

int process_apply_exec_affinity(const struct init_security *s, bool initial, struct rt_err **err)
{
	return proc_apply_affinity(s->attrs, initial, err);
}

const char *process_selinux_label(const struct init_security *s)
{
	return s->lsm.selinux_label;
}

int process_apply_late(struct init_security *s, struct rt_err **err)
{
	int r;

	if (!s->seccomp || !s->nnp)
		return 0;
	r = seccomp_apply(s->seccomp, &s->listener_fd, err);
	return r < 0 ? r : send_listener(s, err);
}
