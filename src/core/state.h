/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state store: one directory per container under --root.
 *
 *   <root>/<id>/state       the container record (small text, written atomically:
 *                           temp file + rename, so readers never see half a record)
 *   <root>/<id>/config.json the bundle's config as create read it (hooks, exec defaults,
 *                           update, annotations)
 *   <root>/<id>/start.sock  the created container's init listens here until `start`;
 *                           its presence (with a live init) means status "created"
 *
 * A per-container lock (flock on the directory fd) serialises commands on one id.
 * The init is identified by pid AND its start time (field 22 of /proc/<pid>/stat), so a
 * recycled pid is never mistaken for the container.
 */
#ifndef RT_CORE_STATE_H
#define RT_CORE_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/err.h"

#define RT_ID_MAX 255

struct rt_record {
	char *id;
	pid_t pid;	     /* host pid of the init */
	uint64_t start_time; /* clock ticks since boot, /proc/<pid>/stat field 22 */
	char *bundle;	     /* absolute */
	char *rootfs;	     /* absolute */
	char *created;	     /* RFC 3339 */
	uid_t owner;	     /* uid that created it */
	char *cgroup;	     /* cgroup manager record (opaque to the store), may be NULL */
	char *no_cgroup;     /* why there is no cgroup (rootless, none could be created), may be NULL */
	bool started;	     /* start (or run) released the init */
	bool no_pivot;
	bool no_new_keyring; /* created with --no-new-keyring: exec keeps the caller's session keyring too */
	int exit_status;     /* -1 unknown; else the wait status saved by run */
	int poststop;	     /* the config has poststop hooks: 1, 0, or -1 unknown (delete reads config.json) */
	uint64_t oom_kills;  /* kept when the cgroup goes away */
	int pidns;	     /* the init was born in a pid namespace of its own: 1, 0, or -1 unknown */
};

/* Checks a container id: 1..255 chars of [A-Za-z0-9_+.-], not "." or "..". */
int rt_id_validate(const char *id, struct rt_err **err);

/* Opens (creating with mode 0700 when `create`) the root directory. */
int rt_root_open(const char *root, bool create, struct rt_err **err);

/*
 * Creates <root>/<id> (EEXIST -> "container 'id' already exists") and returns an fd of it,
 * locked exclusively.
 */
int rt_state_dir_create(int rootfd, const char *id, struct rt_err **err);
/*
 * Opens <root>/<id> and takes its lock (exclusive or shared). ENOENT -> "container 'id'
 * does not exist". Returns the dir fd.
 */
int rt_state_dir_open(int rootfd, const char *id, bool exclusive, struct rt_err **err);
/* Removes the directory and everything in it (state, config, socket). */
int rt_state_dir_remove(int rootfd, const char *id, struct rt_err **err);

int rt_record_write(int dirfd, const struct rt_record *r, struct rt_err **err);
/*
 * rt_record_write in two steps: stage writes the new record beside the current one (which
 * readers keep seeing), commit puts it in place atomically. A staged record that is never
 * committed is removed with the directory, or replaced by the next stage.
 */
int rt_record_stage(int dirfd, const struct rt_record *r, struct rt_err **err);
int rt_record_commit(int dirfd, struct rt_err **err);
int rt_record_read(int dirfd, struct rt_record *r, struct rt_err **err);
void rt_record_clear(struct rt_record *r);

/* Writes data to dirfd/name atomically (temp + rename). */
int rt_state_write_file(int dirfd, const char *name, const char *data, size_t len, struct rt_err **err);
/* rt_state_write_file in two steps: the temporary file, then the atomic replacement. */
int rt_state_stage_file(int dirfd, const char *name, const char *data, size_t len, struct rt_err **err);
int rt_state_commit_file(int dirfd, const char *name, struct rt_err **err);

/* Reads field 22 of /proc/<pid>/stat (0 if the process is gone). */
uint64_t rt_proc_start_time(pid_t pid);
/* rt_proc_start_time, and field 3 (the state letter) into *state when not NULL. */
uint64_t rt_proc_stat(pid_t pid, char *state);

enum rt_status { RT_STATUS_CREATING, RT_STATUS_CREATED, RT_STATUS_RUNNING, RT_STATUS_PAUSED, RT_STATUS_STOPPED };
const char *rt_status_name(enum rt_status s);

/*
 * Whether the record's init is still the same live process (pid alive, start time equal,
 * not a zombie).
 */
bool rt_record_alive(const struct rt_record *r);
/* rt_record_alive, and the init's state letter from /proc into *state. */
bool rt_record_alive_state(const struct rt_record *r, char *state);

#endif
