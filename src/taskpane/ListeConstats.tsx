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
  'constat-manquant': 'Constat à rédiger',
  'ecart-ouvert': "Fiche d'écart ouverte",
  'indicateur-hors-cible': 'Indicateur hors cible',
  'mesure-manquante': 'Mesure manquante',
  'base-manquante': 'Base à chiffrer',
  'action-en-retard': 'Action en retard',
  'critere-sans-indicateur': 'Critère sans indicateur',
  'liaison-rompue': 'Liaison rompue',
};

function precision(c: Constat): string {
  if (c.descripteur) return ` (critère ${c.critere}, descripteur ${c.descripteur})`;
  if (c.indicateur) return ` (indicateur ${c.indicateur}${c.annee ? `, ${c.annee}` : ''})`;
  if (c.critere) return ` (critère ${c.critere})`;
  return '';
}

/** Une liste de constats ; un clic mène à la cellule (dans Excel) ou affiche où elle est (navigateur). */
export function ListeConstats({ constats, selection, onClic, testId }: { constats: Constat[]; selection?: Constat; onClic: (c: Constat) => void; testId: string }): JSX.Element {
  return (
    <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} data-testid={testId}>
      {constats.map((c) => (
        <li key={`${c.kind}-${c.sheet}-${c.cell}`} style={{ marginBottom: 4 }}>
          <button
            type="button"
            onClick={() => onClic(c)}
            title={c.message}
            style={{ border: 'none', background: selection === c ? '#DEECF9' : 'transparent', textAlign: 'left', cursor: 'pointer', padding: 4, width: '100%' }}
          >
            <strong>{c.cell}</strong> — {LIBELLES_CONSTAT[c.kind] ?? c.kind}
            {precision(c)}
          </button>
        </li>
      ))}
    </ul>
  );
}
