using Tunmux.ProxyWorker;

// tunmux-proxy-worker --name NAME --listen-netns PATH [--socks IP:PORT] [--http IP:PORT] ...
return WorkerMain.Run(args, [.. WorkerLocation.Self(), .. args]);
