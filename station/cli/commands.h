/* commands.h: the station's subcommands; each takes its argv (argv[0] is the command's
 * name) and returns the process exit code. */
#ifndef STATION_COMMANDS_H
#define STATION_COMMANDS_H

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILURE_ = 1, /* the work failed; the message says why */
	EXIT_USAGE = 2,    /* the command line was wrong */
};

int cmd_record(int argc, char **argv);
int cmd_export_csv(int argc, char **argv);
int cmd_import_csv(int argc, char **argv);
int cmd_devices(int argc, char **argv);
int cmd_wait_plate(int argc, char **argv);
int cmd_sim_calibration(int argc, char **argv);
int cmd_live_view(int argc, char **argv);
int cmd_analyse(int argc, char **argv);
int cmd_patients(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_phase(int argc, char **argv);
int cmd_dose(int argc, char **argv);
int cmd_visa(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_pin(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_graphs(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif
