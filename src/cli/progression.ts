/**
 * L'avancement de `ldm consolidate` sur la sortie d'erreur : une barre qui se réécrit sur un terminal (classeurs lus,
 * total, fichiers écartés, fichier en cours), des lignes simples sinon (une tous les dix pour cent), rien avec --json.
 */
export interface Progression {
  avancer(faits: number, total: number, fichier: string, ecarte: boolean): void;
  finir(): void;
  /** Ce qui suit la lecture (l'écriture du classeur régional), annoncé sur sa propre ligne. */
  etape(texte: string): void;
}

export function progressionConsole(flux: { isTTY?: boolean; columns?: number; write(s: string): unknown }, silencieuse: boolean): Progression | undefined {
  if (silencieuse) return undefined;
  let ecartes = 0;
  let dernierDixieme = -1;
  let dernierAffichage = 0;
  let ecrit = false;
  return {
    avancer(faits, total, fichier, ecarte) {
      if (ecarte) ecartes++;
      const texteEcartes = ecartes ? `, ${ecartes} écarté(s) ou pris en partie` : '';
      if (flux.isTTY) {
        // Dix rafraîchissements par seconde au plus : écrire sur le terminal coûte plus que lire un classeur.
        const maintenant = Date.now();
        if (faits < total && maintenant - dernierAffichage < 100) return;
        dernierAffichage = maintenant;
        const largeur = 24;
        const plein = Math.round((faits / total) * largeur);
        const debut = `  [${'#'.repeat(plein)}${'.'.repeat(largeur - plein)}] ${faits} / ${total} lus${ecartes ? `, ${ecartes} écarté(s)` : ''} — `;
        // Jamais plus large que le terminal : une ligne qui déborde ne serait plus réécrite par \r.
        const place = (flux.columns ?? 100) - debut.length - 1;
        const nom = place < 8 ? '' : fichier.length > place ? `…${fichier.slice(-(place - 1))}` : fichier;
        flux.write(`\r\x1b[2K${(debut + nom).slice(0, (flux.columns ?? 100) - 1)}`);
        ecrit = true;
        return;
      }
      const dixieme = Math.floor((faits / total) * 10);
      if (dixieme === dernierDixieme && faits < total) return;
      dernierDixieme = dixieme;
      flux.write(`  ${faits} / ${total} classeurs lus${texteEcartes}\n`);
    },
    finir() {
      if (flux.isTTY && ecrit) flux.write('\n');
      ecrit = false;
    },
    etape(texte) {
      flux.write(`  ${texte}\n`);
    },
  };
}
