/**
 * Rend le code de sortie dès que la sortie et la sortie d'erreur sont écrites. Sans cela, Node attend encore que V8
 * finisse d'optimiser en arrière-plan du code qui ne servira plus : 5 à 25 ms mesurés à la fin de chaque commande.
 * L'écriture dans un tube étant asynchrone sous Linux et macOS, sortir sans attendre tronquerait ce qu'un autre
 * programme lit (`--json`) : chaque flux rappelle quand tout ce qui lui a été confié est passé.
 */
export function terminer(code: number): void {
  process.exitCode = code;
  let restants = 2;
  const fini = () => {
    if (--restants === 0) process.exit(code);
  };
  for (const flux of [process.stdout, process.stderr]) {
    if (flux.destroyed) fini();
    else flux.write('', () => fini());
  }
}
