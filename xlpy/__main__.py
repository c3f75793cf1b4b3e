from xlpy.cli import main

main()
