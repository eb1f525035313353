using Tunmux.Agent;
using Tunmux.Cli.Hosting;

return CliEntry.Run(args, new KubernetesDaemonExtension());
