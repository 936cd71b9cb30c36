import * as React from 'react';
import { Constat } from '../core/regles/constats';

export const LIBELLES_CONSTAT: Record<string, string> = {
  'preuve-manquante': 'Preuve manquante',
  'justification-manquante': 'Justification manquante',
  'valeur-invalide': 'Valeur invalide',
  'descripteur-absent': 'Descripteur absent',
  'grille-endommagee': 'Grille endommagée',
  'grille-incomplete': 'À cocher : C ou NC',
  'grille-contradictoire': 'C et NC cochés',
  'arbitrage-ouvert': 'À arbitrer par le référent',
  'constat-manquant': 'Constat à rédiger',
  'ecart-ouvert': "Fiche d'écart ouverte",
  'echeance-depassee': 'Échéance dépassée',
  'indicateur-hors-cible': 'Indicateur hors cible',
  'mesure-manquante': 'Mesure manquante',
  'base-manquante': 'Base à chiffrer',
  'action-en-retard': 'Action en retard',
  'critere-sans-indicateur': 'Critère sans indicateur',
  'liaison-rompue': 'Liaison rompue',
  'piece-manquante': 'Pièce du dossier manquante',
};

function precision(c: Constat): string {
  if (c.descripteur) return ` (critère ${c.critere}, descripteur ${c.descripteur})`;
  if (c.indicateur) return ` (indicateur ${c.indicateur}${c.annee ? `, ${c.annee}` : ''})`;
  if (c.critere) return ` (critère ${c.critere})`;
  return '';
}

/** Ce qui bloque ou est faux d'abord (grille d'audit, valeurs invalides, écarts), puis le plan, puis les preuves. */
const PRIORITE: Record<string, number> = {
  'grille-endommagee': 0,
  'valeur-invalide': 1,
  'grille-contradictoire': 2,
  'arbitrage-ouvert': 2,
  'grille-incomplete': 3,
  'constat-manquant': 4,
  'ecart-ouvert': 5,
  'echeance-depassee': 5,
  'liaison-rompue': 6,
  'indicateur-hors-cible': 7,
  'mesure-manquante': 8,
  'base-manquante': 9,
  'action-en-retard': 10,
  'critere-sans-indicateur': 11,
  'piece-manquante': 11,
  'descripteur-absent': 12,
  'justification-manquante': 13,
  'preuve-manquante': 14,
};

function libelle(c: Constat): string {
  // « En retard sur la cible » n'est pas « hors cible » : le libellé suit le statut réel.
  if (c.kind === 'indicateur-hors-cible' && /en retard sur la cible/i.test(c.message)) return 'En retard sur la cible';
  return LIBELLES_CONSTAT[c.kind] ?? c.kind;
}

/**
 * Les constats groupés par feuille et par genre, avec leur nombre, repliables ; le plus grave d'abord. Chaque constat
 * dit où (cellule) et quoi faire (message, visible) ; un clic mène à la cellule (Excel) ou montre où elle est.
 */
export function ListeConstats({ constats, selection, onClic, testId }: { constats: Constat[]; selection?: Constat; onClic: (c: Constat) => void; testId: string }): JSX.Element {
  const [filtre, setFiltre] = React.useState('');
  const vus = filtre ? constats.filter((c) => `${c.sheet} ${c.cell} ${libelle(c)} ${c.message}`.toLocaleLowerCase('fr').includes(filtre.toLocaleLowerCase('fr'))) : constats;
  const groupes = new Map<string, { feuille: string; genre: string; priorite: number; constats: Constat[] }>();
  for (const c of vus) {
    const cle = `${c.sheet}\u0000${libelle(c)}`;
    const g = groupes.get(cle) ?? { feuille: c.sheet, genre: libelle(c), priorite: PRIORITE[c.kind] ?? 50, constats: [] };
    g.constats.push(c);
    groupes.set(cle, g);
  }
  const tries = [...groupes.values()].sort((a, b) => a.priorite - b.priorite || a.feuille.localeCompare(b.feuille, 'fr'));
  return (
    <div>
      {constats.length > 8 && (
        <input
          type="search"
          aria-label="Filtrer les constats"
          placeholder="Filtrer (cellule, genre, mot du message)…"
          value={filtre}
          onChange={(e) => setFiltre(e.target.value)}
          style={{ width: '100%', marginBottom: 6, padding: 4, boxSizing: 'border-box' }}
          data-testid={`${testId}-filtre`}
        />
      )}
      <div data-testid={testId}>
        {tries.map((g) => (
          <details key={`${g.feuille}-${g.genre}`} open style={{ marginBottom: 6 }} data-testid={`${testId}-groupe`}>
            <summary style={{ cursor: 'pointer', fontWeight: 600 }}>
              {g.genre} — feuille « {g.feuille} » ({g.constats.length})
            </summary>
            <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
              {g.constats.map((c) => (
                <li key={`${c.kind}-${c.sheet}-${c.cell}-${c.indicateur ?? ''}-${c.annee ?? ''}`} style={{ marginBottom: 4 }}>
                  <button
                    type="button"
                    onClick={() => onClic(c)}
                    title={c.message}
                    style={{ border: 'none', background: selection === c ? '#DEECF9' : 'transparent', textAlign: 'left', cursor: 'pointer', padding: 4, width: '100%' }}
                  >
                    <strong>{c.cell}</strong> — {libelle(c)}
                    {precision(c)}
                  </button>
                  <div style={{ fontSize: 12, color: '#605E5C', paddingLeft: 4 }}>{c.message}</div>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </div>
  );
}
