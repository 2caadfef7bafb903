from foottrainer.cli import main

raise SystemExit(main())
