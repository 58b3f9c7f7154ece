return require "skynet.snax"
