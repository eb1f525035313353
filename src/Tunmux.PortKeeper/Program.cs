using Tunmux.Keeper;

// tunmux-port-keeper --tunnel NAME --state-file FILE [--gateway IP:PORT] [-- HOOK ARG...]
return await KeeperMain.RunAsync(args);
