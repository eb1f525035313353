using Tunmux.Cli;

var context = CliApp.SystemContext();
return await CliApp.Build(context).Parse(args).InvokeAsync();
