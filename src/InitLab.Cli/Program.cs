return InitLab.Cli.CliApp.Run(args);
