window.cpTestAsset = 1;
