import * as React from 'react';
import { DefaultButton, MessageBar, MessageBarType, ProgressIndicator, getTheme } from '@fluentui/react';
import { Pilote } from './etat';

/** Une phrase sur ce que la dernière action a donné ; le détail suit plus bas. */
function resume(p: Pilote): string | undefined {
  const { consolidation, rapport, anomalies, resultat, classeur, fiche } = p;
  if (fiche) return `Feuille « ${fiche.feuille} » écrite. Détail plus bas.`;
  if (consolidation) {
    const ecartes = consolidation.anomalies.length ? `, ${consolidation.anomalies.length} fichier(s) écarté(s) ou pris en partie` : '';
    const ou = consolidation.ecriteDans === 'nouveau-classeur' ? ' : dans un nouveau classeur' : consolidation.fichier ? ` : ${consolidation.fichier.nom} prêt à télécharger` : '';
    return `${consolidation.retenus.length} établissement(s) consolidé(s)${ecartes}${ou}. Détail plus bas.`;
  }
  if (rapport) return `Rapport d'audit produit (NC ${rapport.plan.modele.total.NC}). Détail plus bas.`;
  if (anomalies) return undefined;
  if (resultat?.plan) {
    const quoi = resultat.plan.regeneration ? 'Feuilles régénérées, saisies conservées' : 'Classeur créé';
    return `${quoi} ; ${resultat.constats.length} point(s) à compléter. Détail plus bas.`;
  }
  if (resultat) return `${classeur ? `Classeur ${classeur.nom} : ` : ''}${resultat.constats.length} point(s) à compléter. Détail plus bas.`;
  return undefined;
}

/** Le retour de chaque action, en haut et toujours visible : pas de message caché sous la ligne de flottaison. */
export function Retour({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, avancement, erreur, annulee, retour, annuler } = pilote;
  const texte = resume(pilote);
  return (
    <div
      ref={retour}
      tabIndex={-1}
      role="status"
      aria-live="polite"
      data-testid="retour"
      style={{ position: 'sticky', top: 0, zIndex: 2, background: getTheme().semanticColors.bodyBackground, outline: 'none' }}
    >
      {enCours && (
        <div style={{ display: 'flex', alignItems: 'flex-end', gap: 8 }}>
          <ProgressIndicator label="Traitement en cours…" description={avancement} styles={{ root: { flexGrow: 1 } }} />
          <DefaultButton text="Annuler" onClick={annuler} data-testid="annuler" />
        </div>
      )}
      {erreur && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline data-testid="erreur">
          <span style={{ whiteSpace: 'pre-wrap' }}>{erreur}</span>
        </MessageBar>
      )}
      {annulee && !enCours && (
        <MessageBar messageBarType={MessageBarType.warning} data-testid="annulee">
          Opération annulée : rien n'a été écrit ni téléchargé.
        </MessageBar>
      )}
      {!enCours && !erreur && !annulee && texte && (
        <MessageBar messageBarType={MessageBarType.success} isMultiline data-testid="retour-succes">
          {texte}
        </MessageBar>
      )}
    </div>
  );
}
